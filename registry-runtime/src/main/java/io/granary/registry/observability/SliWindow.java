package io.granary.registry.observability;

/**
 * A sliding window of request outcomes for one repository and operation: fixed-width time buckets,
 * each with a request count, a failure count and a latency histogram, so the success ratio and an
 * upper bound of the p95 latency can be read for any window up to the ring's length.
 */
final class SliWindow {

    /** Upper bounds (ms) of the latency histogram; the last bucket is open-ended. */
    static final long[] BOUNDS_MILLIS = {5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000, 60000};

    private final long bucketMillis;
    private final long[] bucketEpoch;
    private final long[] requests;
    private final long[] failures;
    private final long[][] histogram;

    SliWindow(long bucketMillis, int buckets) {
        this.bucketMillis = bucketMillis;
        this.bucketEpoch = new long[buckets];
        this.requests = new long[buckets];
        this.failures = new long[buckets];
        this.histogram = new long[buckets][BOUNDS_MILLIS.length + 1];
        java.util.Arrays.fill(bucketEpoch, -1);
    }

    synchronized void record(long nowMillis, long latencyMillis, boolean failed) {
        long epoch = nowMillis / bucketMillis;
        int i = (int) (epoch % bucketEpoch.length);
        if (bucketEpoch[i] != epoch) {
            bucketEpoch[i] = epoch;
            requests[i] = 0;
            failures[i] = 0;
            java.util.Arrays.fill(histogram[i], 0);
        }
        requests[i]++;
        if (failed) {
            failures[i]++;
        }
        histogram[i][slot(latencyMillis)]++;
    }

    /** Totals over the buckets that started within {@code windowMillis} before now. */
    synchronized SliSnapshot.Figures read(long nowMillis, long windowMillis) {
        long newest = nowMillis / bucketMillis;
        long oldest = (nowMillis - windowMillis) / bucketMillis;
        long total = 0;
        long failed = 0;
        long[] merged = new long[BOUNDS_MILLIS.length + 1];
        for (int i = 0; i < bucketEpoch.length; i++) {
            if (bucketEpoch[i] >= oldest && bucketEpoch[i] <= newest) {
                total += requests[i];
                failed += failures[i];
                for (int b = 0; b < merged.length; b++) {
                    merged[b] += histogram[i][b];
                }
            }
        }
        return new SliSnapshot.Figures(total, failed, p95(merged, total));
    }

    private static long p95(long[] merged, long total) {
        if (total == 0) {
            return -1;
        }
        long needed = (long) Math.ceil(total * 0.95);
        long seen = 0;
        for (int b = 0; b < merged.length; b++) {
            seen += merged[b];
            if (seen >= needed) {
                return b < BOUNDS_MILLIS.length ? BOUNDS_MILLIS[b] : Long.MAX_VALUE;
            }
        }
        return Long.MAX_VALUE;
    }

    private static int slot(long latencyMillis) {
        for (int b = 0; b < BOUNDS_MILLIS.length; b++) {
            if (latencyMillis <= BOUNDS_MILLIS[b]) {
                return b;
            }
        }
        return BOUNDS_MILLIS.length;
    }
}
