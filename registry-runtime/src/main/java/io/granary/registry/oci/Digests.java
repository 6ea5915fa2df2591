package io.granary.registry.oci;

import java.util.regex.Pattern;

/** Digest strings of the OCI image spec (descriptor.md §Digests); this registry stores sha256 only. */
final class Digests {

    private static final Pattern SHA256 = Pattern.compile("sha256:([a-f0-9]{64})");
    private static final Pattern ANY = Pattern.compile("[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+");

    private Digests() {
    }

    /** The sha256 hex of a {@code sha256:<hex>} digest, or null when it is not one. */
    static String sha256Hex(String digest) {
        if (digest == null) {
            return null;
        }
        var m = SHA256.matcher(digest);
        return m.matches() ? m.group(1) : null;
    }

    /** Whether the string has the general shape of a digest (any algorithm). */
    static boolean looksLikeDigest(String s) {
        return s != null && ANY.matcher(s).matches();
    }

    static String of(String sha256Hex) {
        return "sha256:" + sha256Hex;
    }

    static String sha256(byte[] bytes) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
