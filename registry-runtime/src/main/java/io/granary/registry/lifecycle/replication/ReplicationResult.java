package io.granary.registry.lifecycle.replication;

/**
 * What one run did, as the operator puts it into a Replication's status.
 *
 * @param lagSeconds age of the oldest source item still missing or different in the target; 0 when in sync
 * @param firstError the first failure after all retries, naming the item; null without failures
 */
public record ReplicationResult(long copied, long skipped, long failed, long lagSeconds, String firstError,
                                String startedAt, String finishedAt, long bytesPerSecond) {

    public boolean inSync() {
        return failed == 0;
    }
}
