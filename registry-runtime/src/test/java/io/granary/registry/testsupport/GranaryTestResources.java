package io.granary.registry.testsupport;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Everything a {@code @QuarkusTest} of the runtime needs, real and local: a fresh PostgreSQL
 * database, a blob directory, and a catalog directory holding {@link TestRepositories}. Tests reach
 * these through {@link #blobRoot()} and {@link #catalogDir()}.
 */
public class GranaryTestResources implements QuarkusTestResourceLifecycleManager {

    /** The admin token configured for tests. */
    public static final String ADMIN_TOKEN = "gra_test-admin-token-0123456789";

    private static Path blobRoot;
    private static Path catalogDir;

    @Override
    public Map<String, String> start() {
        try {
            Path base = Files.createTempDirectory("granary-test");
            blobRoot = base.resolve("blobs");
            catalogDir = base.resolve("repositories");
            Files.createDirectories(catalogDir);
            Files.writeString(catalogDir.resolve("repositories.yaml"), TestRepositories.YAML);
            Files.writeString(catalogDir.resolve("npm-repositories.yaml"), NpmTestRepositories.YAML);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        PostgresServer.Database db = PostgresServer.newDatabase();
        Map<String, String> config = new HashMap<>();
        config.put("quarkus.datasource.reactive.url", db.reactiveUrl());
        config.put("quarkus.datasource.jdbc.url", db.jdbcUrl());
        config.put("quarkus.datasource.username", db.user());
        config.put("quarkus.datasource.password", db.password());
        config.put("granary.storage.kind", "filesystem");
        config.put("granary.storage.filesystem.root", blobRoot.toString());
        config.put("granary.catalog.directory", catalogDir.toString());
        config.put("granary.catalog.rescan-interval", "200ms");
        config.put("granary.auth.admin-token", ADMIN_TOKEN);
        config.put("granary.auth.cache-ttl", "1s");
        config.put("granary.upload.session-expiry", "3s");
        config.put("granary.npm.max-publish-bytes", Long.toString(NpmTestRepositories.MAX_PUBLISH_BYTES));
        return config;
    }

    @Override
    public void stop() {
        // The database and directories are throw-away; the embedded server stops with the JVM.
    }

    public static Path blobRoot() {
        return blobRoot;
    }

    public static Path catalogDir() {
        return catalogDir;
    }
}
