package io.granary.registry.lifecycle.retention;

import io.granary.api.v1alpha1.retention.RetentionCandidate;
import io.granary.registry.lifecycle.gc.GcReport;
import java.time.Instant;
import java.util.List;

/**
 * What a retention run selected and did. {@code candidates} lists at most {@link #MAX_CANDIDATES};
 * {@code deletedBytes} sums the deleted files' sizes, while {@code gc.bytesFreed} is what the blob
 * store actually released (blobs shared with kept versions stay).
 */
public record RetentionReport(String repository, boolean dryRun, Instant startedAt, Instant finishedAt,
                              long candidateCount, List<RetentionCandidate> candidates, long deletedCount,
                              long deletedBytes, GcReport gc, List<String> errors) {

    /** Candidates a report lists at most. */
    public static final int MAX_CANDIDATES = 100;
    /** Errors a report lists at most. */
    public static final int MAX_ERRORS = 20;
}
