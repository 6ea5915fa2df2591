package io.granary.registry.npm;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Keeps a web login's session token unusable at rest: it is stored XOR-ed with a pad derived from
 * the doneUrl secret, which only npm holds (the database has just its hash). Each secret is fresh and
 * full-entropy and seals one token, so the pad is never reused.
 */
final class LoginSeal {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final byte[] CONTEXT = "granary npm web login\0".getBytes(StandardCharsets.UTF_8);

    private LoginSeal() {
    }

    /** A new doneUrl secret: 256 random bits, URL-safe. */
    static String newDoneSecret() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String seal(String token, String doneSecret) {
        return Base64.getEncoder().encodeToString(xor(token.getBytes(StandardCharsets.US_ASCII), doneSecret));
    }

    static String unseal(String sealed, String doneSecret) {
        return new String(xor(Base64.getDecoder().decode(sealed), doneSecret), StandardCharsets.US_ASCII);
    }

    private static byte[] xor(byte[] data, String doneSecret) {
        byte[] pad;
        try {
            MessageDigest sha512 = MessageDigest.getInstance("SHA-512");
            sha512.update(CONTEXT);
            pad = sha512.digest(doneSecret.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        if (data.length > pad.length) {
            throw new IllegalArgumentException("a sealed token is at most " + pad.length + " bytes");
        }
        byte[] out = new byte[data.length];
        for (int i = 0; i < data.length; i++) {
            out[i] = (byte) (data[i] ^ pad[i]);
        }
        return out;
    }
}
