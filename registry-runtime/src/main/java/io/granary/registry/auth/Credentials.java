package io.granary.registry.auth;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * The token secret carried by an {@code Authorization} header: {@code Bearer <token>}, or Basic with
 * the token as password (any user name), which is what Maven, npm and pip send.
 */
public final class Credentials {

    private Credentials() {
    }

    /** Empty when no header was sent; a malformed header yields an empty-string secret (→ 401). */
    public static Optional<String> secretFrom(String authorization) {
        if (authorization == null || authorization.isBlank()) {
            return Optional.empty();
        }
        String header = authorization.strip();
        int space = header.indexOf(' ');
        if (space < 0) {
            return Optional.of("");
        }
        String scheme = header.substring(0, space);
        String value = header.substring(space + 1).strip();
        if (scheme.equalsIgnoreCase("Bearer")) {
            return Optional.of(value);
        }
        if (scheme.equalsIgnoreCase("Basic")) {
            try {
                String decoded = new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8);
                int colon = decoded.indexOf(':');
                return Optional.of(colon < 0 ? "" : decoded.substring(colon + 1));
            } catch (IllegalArgumentException e) {
                return Optional.of("");
            }
        }
        return Optional.of("");
    }
}
