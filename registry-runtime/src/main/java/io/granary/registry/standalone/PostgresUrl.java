package io.granary.registry.standalone;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * A PostgreSQL URL in the libpq form {@code postgresql://user:password@host:port/database}, split
 * into what the reactive client (Hibernate Reactive) and the JDBC driver (Flyway migrations) need.
 */
public record PostgresUrl(String host, int port, String database, String user, String password) {

    public static PostgresUrl parse(String url) {
        URI uri = URI.create(url.startsWith("postgres://") ? "postgresql://" + url.substring("postgres://".length()) : url);
        if (!"postgresql".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("expected postgresql://user:password@host:port/database");
        }
        String user = "postgres";
        String password = "";
        if (uri.getRawUserInfo() != null) {
            String[] parts = uri.getRawUserInfo().split(":", 2);
            user = percentDecode(parts[0]);
            password = parts.length > 1 ? percentDecode(parts[1]) : "";
        }
        String db = uri.getPath() == null || uri.getPath().length() <= 1 ? "postgres" : uri.getPath().substring(1);
        return new PostgresUrl(uri.getHost(), uri.getPort() < 0 ? 5432 : uri.getPort(), db, user, password);
    }

    /** libpq URLs use plain percent-encoding: '+' is a plus, not a space as in HTML forms. */
    private static String percentDecode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    public String reactiveUrl() {
        return "postgresql://" + host + ":" + port + "/" + database;
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    /** Never prints the password. */
    @Override
    public String toString() {
        return "postgresql://" + user + "@" + host + ":" + port + "/" + database;
    }
}
