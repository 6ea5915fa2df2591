package io.granary.registry.metadata;

/**
 * A write refused because it would take a repository past its quota. Thrown inside the transaction
 * that holds the repository's lock, so the numbers are the settled ones the refusal was decided on.
 */
public final class QuotaExceededException extends RuntimeException {

    private final long quotaBytes;
    private final long usageBytes;
    private final long addedBytes;

    public QuotaExceededException(long quotaBytes, long usageBytes, long addedBytes) {
        super("quota of " + quotaBytes + " bytes exceeded: " + usageBytes + " bytes stored, " + addedBytes
                + " more bytes refused");
        this.quotaBytes = quotaBytes;
        this.usageBytes = usageBytes;
        this.addedBytes = addedBytes;
    }

    public long quotaBytes() {
        return quotaBytes;
    }

    public long usageBytes() {
        return usageBytes;
    }

    public long addedBytes() {
        return addedBytes;
    }
}
