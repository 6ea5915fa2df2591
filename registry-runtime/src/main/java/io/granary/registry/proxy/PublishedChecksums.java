package io.granary.registry.proxy;

import io.granary.registry.storage.ChecksumAlgorithm;
import io.granary.registry.storage.ChecksumMismatchException;
import io.granary.registry.storage.ExpectedChecksums;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.Map;

/**
 * Hashes a streamed body with exactly the algorithms the upstream published, so it can be checked
 * the moment the last byte arrives, before the held-back chunk goes to clients (the blob writer checks
 * again on commit, which may come after the clients have their bytes).
 */
final class PublishedChecksums {

    private final ExpectedChecksums expected;
    private final Map<ChecksumAlgorithm, MessageDigest> digests = new EnumMap<>(ChecksumAlgorithm.class);

    PublishedChecksums(ExpectedChecksums expected) {
        this.expected = expected;
        for (ChecksumAlgorithm algorithm : expected.values().keySet()) {
            try {
                digests.put(algorithm, MessageDigest.getInstance(algorithm.jcaName()));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("JDK lacks " + algorithm.jcaName(), e);
            }
        }
    }

    void update(byte[] bytes, int offset, int length) {
        for (MessageDigest digest : digests.values()) {
            digest.update(bytes, offset, length);
        }
    }

    /** Throws when a published checksum differs from the bytes seen. */
    void verify() throws ChecksumMismatchException {
        for (var entry : digests.entrySet()) {
            String actual = HexFormat.of().formatHex(entry.getValue().digest());
            String wanted = expected.values().get(entry.getKey());
            if (!actual.equals(wanted)) {
                throw new ChecksumMismatchException(entry.getKey(), wanted, actual);
            }
        }
    }
}
