package io.granary.registry.storage.hashing;

import io.granary.registry.storage.ChecksumAlgorithm;

/** Validates lowercase hex digests supplied by clients or found in storage paths. */
public final class ChecksumHex {

    private ChecksumHex() {
    }

    /** True when {@code hex} has the algorithm's length and only the characters {@code [0-9a-f]}. */
    public static boolean isValid(ChecksumAlgorithm algorithm, String hex) {
        if (hex == null || hex.length() != algorithm.hexLength()) {
            return false;
        }
        for (int i = 0; i < hex.length(); i++) {
            char c = hex.charAt(i);
            if ((c < '0' || c > '9') && (c < 'a' || c > 'f')) {
                return false;
            }
        }
        return true;
    }

    /**
     * Returns {@code hex} when it is a valid sha256, else throws. Stores call this before turning a
     * digest into a path or key, so a crafted value can never reach outside the blob area.
     */
    public static String requireSha256(String hex) {
        if (!isValid(ChecksumAlgorithm.SHA256, hex)) {
            throw new IllegalArgumentException("not a lowercase hex sha256 digest: " + abbreviate(hex));
        }
        return hex;
    }

    private static String abbreviate(String value) {
        // Keeps log lines and error bodies short when a client sends garbage.
        if (value == null) {
            return "null";
        }
        return value.length() <= 80 ? value : value.substring(0, 80) + "...";
    }
}
