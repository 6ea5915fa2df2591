package io.granary.e2e.support;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.SplittableRandom;

/** Test payloads and their SHA-256, the identity every assertion compares. */
public final class Content {

    public static final int MIB = 1024 * 1024;

    private Content() {
    }

    /** Reproducible pseudo-random bytes: different seeds never share a prefix worth mentioning. */
    public static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        SplittableRandom random = new SplittableRandom(seed);
        random.nextBytes(bytes);
        return bytes;
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
