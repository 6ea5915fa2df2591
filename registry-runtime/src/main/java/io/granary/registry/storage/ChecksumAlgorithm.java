package io.granary.registry.storage;

/** Digest algorithms that repository formats publish next to their files. */
public enum ChecksumAlgorithm {
    SHA256("SHA-256", 64),
    SHA1("SHA-1", 40),
    MD5("MD5", 32),
    SHA512("SHA-512", 128);

    private final String jcaName;
    private final int hexLength;

    ChecksumAlgorithm(String jcaName, int hexLength) {
        this.jcaName = jcaName;
        this.hexLength = hexLength;
    }

    /** Name understood by {@link java.security.MessageDigest#getInstance(String)}. */
    public String jcaName() {
        return jcaName;
    }

    /** Length of the lowercase hex form, used to validate client-supplied values. */
    public int hexLength() {
        return hexLength;
    }
}
