package io.granary.registry.observability;

/**
 * Service-level indicators of one repository over a window, as the operator reads them to set the
 * {@code PullSLOMet}/{@code PushSLOMet} conditions. A p95 of -1 means no request in the window; the
 * p95 is the upper bound of the histogram bucket holding the 95th percentile.
 */
public record SliSnapshot(String repository, long windowSeconds, Figures pull, Figures push) {

    /** Counts and latency of one operation. */
    public record Figures(long requests, long failures, long p95Millis) {

        /** Share of requests that did not fail on the server's side; 1.0 when there were none. */
        @com.fasterxml.jackson.annotation.JsonProperty("successRatio")
        public double successRatio() {
            return requests == 0 ? 1.0 : (double) (requests - failures) / requests;
        }
    }
}
