package io.granary.registry.lifecycle.gc;

import java.time.Instant;
import java.util.List;

/**
 * What one garbage collection did. {@code bytesFreed} is the sum of the sizes the blob store reported
 * for the blobs it then deleted, not an estimate from metadata.
 */
public record GcReport(Instant startedAt, Instant finishedAt, long graceSeconds, long referencedBlobs,
                       long newlyUnreferenced, long blobsSwept, long orphansSwept, long bytesFreed,
                       List<String> errors) {

    /** Errors kept in a report at most. */
    public static final int MAX_ERRORS = 20;
}
