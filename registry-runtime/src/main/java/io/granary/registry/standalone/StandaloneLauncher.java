package io.granary.registry.standalone;

import io.granary.registry.auth.TokenSecrets;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Prepares the embedded default before Quarkus boots: data directory, admin token (generated once
 * and kept in the data directory, readable only by its owner), PostgreSQL, and the configuration
 * that points the runtime at them.
 */
public final class StandaloneLauncher {

    private StandaloneLauncher() {
    }

    /** Applies the options as system properties; returns the embedded database to stop on exit, if any. */
    public static LocalPostgres prepare(StandaloneOptions options) throws IOException {
        Files.createDirectories(options.dataDir());
        Path tokenFile = options.dataDir().resolve("admin-token");
        boolean firstStart = options.adminToken().isEmpty() && !Files.exists(tokenFile);
        String token = options.adminToken().orElseGet(() -> readOrCreateToken(tokenFile));

        LocalPostgres embedded = null;
        PostgresUrl db;
        if (options.pgUrl().isPresent()) {
            db = PostgresUrl.parse(options.pgUrl().get());
        } else {
            embedded = LocalPostgres.start(options.dataDir(), options.port());
            db = embedded.url();
        }
        set("quarkus.http.port", Integer.toString(options.port()));
        set("quarkus.http.host", options.host());
        set("quarkus.datasource.reactive.url", db.reactiveUrl());
        set("quarkus.datasource.jdbc.url", db.jdbcUrl());
        set("quarkus.datasource.username", db.user());
        set("quarkus.datasource.password", db.password());
        set("granary.data-dir", options.dataDir().toString());
        set("granary.storage.filesystem.root", options.dataDir().resolve("blobs").toString());
        set("granary.catalog.directory", options.repositoriesDir().toString());
        set("granary.auth.admin-token", token);
        set("granary.standalone.enabled", "true");
        set("granary.standalone.first-start", Boolean.toString(firstStart));
        if (options.adminToken().isEmpty()) {
            set("granary.standalone.token-file", tokenFile.toString());
        }
        set("granary.standalone.database", embedded == null ? db.toString() : embedded.toString());
        return embedded;
    }

    private static String readOrCreateToken(Path file) {
        try {
            if (Files.exists(file)) {
                return Files.readString(file, StandardCharsets.UTF_8).strip();
            }
            String token = TokenSecrets.generate();
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, token + "\n", StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
            return token;
        } catch (IOException e) {
            throw new IllegalStateException("cannot keep the admin token in " + file + ": " + e.getMessage(), e);
        }
    }

    private static void set(String key, String value) {
        // An explicit -D on the command line wins over what the launcher derives.
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
