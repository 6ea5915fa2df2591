package io.granary.e2e.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * A PostgreSQL outside the runtime, for tests where it must outlive a runtime process (kill -9)
 * or be shared by two of them: an embedded server per test, or, as in the runtime's own tests, a
 * fresh database on the server named by {@code GRANARY_TEST_PG_URL} (a JDBC URL with user and
 * password parameters).
 */
public final class TestPostgres implements AutoCloseable {

    private final EmbeddedPostgres embedded;
    private final String adminJdbcUrl;
    private final String database;
    private final String runtimeUrl;

    private TestPostgres(EmbeddedPostgres embedded, String adminJdbcUrl, String database, String runtimeUrl) {
        this.embedded = embedded;
        this.adminJdbcUrl = adminJdbcUrl;
        this.database = database;
        this.runtimeUrl = runtimeUrl;
    }

    public static TestPostgres start() {
        String external = System.getenv("GRANARY_TEST_PG_URL");
        if (external != null && !external.isBlank()) {
            String database = "granary_e2e_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
            execute(external, "CREATE DATABASE " + database);
            URI server = URI.create(external.substring("jdbc:".length()));
            Map<String, String> params = queryParameters(server);
            String url = libpqUrl(params.getOrDefault("user", "postgres"), params.getOrDefault("password", ""),
                    server.getHost(), server.getPort() < 0 ? 5432 : server.getPort(), database);
            return new TestPostgres(null, external, database, url);
        }
        try {
            EmbeddedPostgres embedded = EmbeddedPostgres.builder().start();
            // The embedded server trusts local connections; the password is only there to fill the URL.
            String url = libpqUrl("postgres", "postgres", "127.0.0.1", embedded.getPort(), "postgres");
            return new TestPostgres(embedded, null, "postgres", url);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start embedded PostgreSQL", e);
        }
    }

    /** The URL to hand to the runtime as {@code GRANARY_PG_URL} ({@code postgresql://user:pass@host:port/db}). */
    public String url() {
        return runtimeUrl;
    }

    @Override
    public void close() {
        try {
            if (embedded != null) {
                embedded.close();
            } else {
                execute(adminJdbcUrl, "DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String libpqUrl(String user, String password, String host, int port, String database) {
        return "postgresql://" + encode(user) + ":" + encode(password) + "@" + host + ":" + port + "/" + database;
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static Map<String, String> queryParameters(URI uri) {
        Map<String, String> params = new HashMap<>();
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                String[] kv = pair.split("=", 2);
                params.put(kv[0], kv.length > 1 ? java.net.URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
            }
        }
        return params;
    }

    private static void execute(String jdbcUrl, String sql) {
        try (Connection connection = DriverManager.getConnection(jdbcUrl);
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("on " + jdbcUrl.replaceAll("password=[^&]*", "password=***") + ": " + sql, e);
        }
    }
}
