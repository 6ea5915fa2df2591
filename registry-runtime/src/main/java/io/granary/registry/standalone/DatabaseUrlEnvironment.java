package io.granary.registry.standalone;

/**
 * Turns one {@code postgresql://user:pass@host:port/db} URL (GRANARY_DATABASE_URL, set by the operator from the
 * Registry's database Secret) into the reactive, JDBC and credential settings Quarkus reads.
 */
public final class DatabaseUrlEnvironment {

    private DatabaseUrlEnvironment() {
    }

    /** Sets the datasource properties from the URL; no-op when it is absent or blank. Explicit -D settings win. */
    public static void apply(String url) {
        if (url == null || url.isBlank()) {
            return;
        }
        PostgresUrl db = PostgresUrl.parse(url.strip());
        set("quarkus.datasource.reactive.url", db.reactiveUrl());
        set("quarkus.datasource.jdbc.url", db.jdbcUrl());
        set("quarkus.datasource.username", db.user());
        set("quarkus.datasource.password", db.password());
    }

    private static void set(String key, String value) {
        if (System.getProperty(key) == null && value != null) {
            System.setProperty(key, value);
        }
    }
}
