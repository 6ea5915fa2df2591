package io.granary.registry.storage.hashing;

import io.granary.registry.storage.ChecksumAlgorithm;
import io.granary.registry.storage.ChecksumMismatchException;
import io.granary.registry.storage.Checksums;
import io.granary.registry.storage.ExpectedChecksums;

import java.util.Map;

/** Compares what a client announced with what was actually computed for a blob. */
public final class ChecksumVerifier {

    private ChecksumVerifier() {
    }

    /**
     * Throws {@link ChecksumMismatchException} for the first expected value that differs. A
     * malformed expected value cannot match anything and is reported as a mismatch too; adapters
     * that want a distinct "invalid digest" error check {@link ChecksumHex#isValid} first.
     *
     * @throws IllegalArgumentException when an expected algorithm was not computed (a caller bug:
     *     it must be requested when the writer is opened)
     */
    public static void verify(ExpectedChecksums expected, Checksums actual) throws ChecksumMismatchException {
        for (Map.Entry<ChecksumAlgorithm, String> entry : expected.values().entrySet()) {
            ChecksumAlgorithm algorithm = entry.getKey();
            String computed = actual.get(algorithm).orElseThrow(() -> new IllegalArgumentException(
                    algorithm + " was expected but not requested when the writer was opened"));
            if (!computed.equals(entry.getValue())) {
                throw new ChecksumMismatchException(algorithm, entry.getValue(), computed);
            }
        }
    }
}
