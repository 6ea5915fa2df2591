package io.granary.e2e.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * A PostgreSQL outside the runtime, for tests where it must outlive a runtime process (kill -9)
 * or be shared by two of them. An embedded server per test, or a fresh database on the server
 * named by {@code GRANARY_TEST_PG_URL} ({@code postgresql://user:pass@host:port/db}).
 */
public final class TestPostgres implements AutoCloseable {

    private final EmbeddedPostgres embedded;
    private final URI server;
    private final String database;

    private TestPostgres(EmbeddedPostgres embedded, URI server, String database) {
        this.embedded = embedded;
        this.server = server;
        this.database = database;
    }

    public static TestPostgres start() {
        String existing = System.getenv("GRANARY_TEST_PG_URL");
        if (existing != null && !existing.isBlank()) {
            URI server = URI.create(existing);
            String database = "granary_e2e_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
            execute(server, "CREATE DATABASE " + database);
            return new TestPostgres(null, server, database);
        }
        try {
            EmbeddedPostgres embedded = EmbeddedPostgres.builder().start();
            URI server = URI.create("postgresql://postgres:postgres@127.0.0.1:" + embedded.getPort() + "/postgres");
            return new TestPostgres(embedded, server, "postgres");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start embedded PostgreSQL", e);
        }
    }

    /** The URL to hand to the runtime as {@code GRANARY_PG_URL}. */
    public String url() {
        return server.getScheme() + "://" + server.getRawUserInfo() + "@" + server.getHost() + ":"
                + server.getPort() + "/" + database;
    }

    @Override
    public void close() {
        try {
            if (embedded != null) {
                embedded.close();
            } else {
                execute(server, "DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void execute(URI server, String sql) {
        String[] user = server.getUserInfo().split(":", 2);
        String jdbc = "jdbc:postgresql://" + server.getHost() + ":" + (server.getPort() < 0 ? 5432 : server.getPort())
                + server.getPath();
        try (Connection connection = DriverManager.getConnection(jdbc, user[0], user.length > 1 ? user[1] : "");
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("on " + jdbc + ": " + sql, e);
        }
    }
}
