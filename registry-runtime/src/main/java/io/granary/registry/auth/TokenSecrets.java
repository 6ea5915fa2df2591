package io.granary.registry.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/** Makes token secrets and the one-way hashes under which they are stored. */
public final class TokenSecrets {

    /** Prefix that makes Granary tokens recognisable to secret scanners. */
    public static final String PREFIX = "gra_";
    /** Shortest secret accepted, also for an operator-chosen bootstrap admin token. */
    public static final int MIN_LENGTH = 16;
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Every authenticated request hashes its token; a provider lookup per call would be wasted. */
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    });

    private TokenSecrets() {
    }

    /** A new secret with 256 bits of entropy. */
    public static String generate() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The sha256 hex of a secret; secrets have full entropy, so no salt or slow hash is needed. */
    public static String hash(String secret) {
        return HexFormat.of().formatHex(SHA256.get().digest(secret.getBytes(StandardCharsets.UTF_8)));
    }
}
