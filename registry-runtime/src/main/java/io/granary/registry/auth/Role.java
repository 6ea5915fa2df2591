package io.granary.registry.auth;

import java.util.Locale;

/** Roles a token holds on a repository; each includes the ones before it. */
public enum Role {
    READER, WRITER, ADMIN;

    /** Whether holding this role is enough for an action that needs {@code needed}. */
    public boolean includes(Role needed) {
        return compareTo(needed) >= 0;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses "reader", "writer" or "admin"; throws IllegalArgumentException otherwise. */
    public static Role parse(String value) {
        try {
            return valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("role must be reader, writer or admin, not " + value);
        }
    }
}
