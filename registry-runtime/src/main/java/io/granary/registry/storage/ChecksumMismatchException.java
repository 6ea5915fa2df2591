package io.granary.registry.storage;

import java.io.IOException;

/** Thrown by commit when bytes do not match a checksum the client announced; nothing was stored. */
public class ChecksumMismatchException extends IOException {
    private final ChecksumAlgorithm algorithm;
    private final String expected;
    private final String actual;

    public ChecksumMismatchException(ChecksumAlgorithm algorithm, String expected, String actual) {
        super(algorithm.name().toLowerCase(java.util.Locale.ROOT) + " mismatch: expected " + expected
                + " but content has " + actual);
        this.algorithm = algorithm;
        this.expected = expected;
        this.actual = actual;
    }

    public ChecksumAlgorithm algorithm() {
        return algorithm;
    }

    public String expected() {
        return expected;
    }

    public String actual() {
        return actual;
    }
}
