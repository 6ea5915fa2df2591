package io.granary.registry.storage;

/** The byte-range rules every {@link BlobStore#open} applies, so all backends agree on edge cases. */
public final class BlobRanges {

    private BlobRanges() {
    }

    /**
     * Length of the range starting at {@code offset}: to the end when {@code length < 0}, otherwise
     * {@code length} clamped to the end of the blob.
     *
     * @throws IllegalArgumentException when {@code offset} is negative or beyond the end (HTTP 416)
     */
    public static long length(long offset, long length, long totalSize) {
        if (offset < 0 || offset > totalSize) {
            throw new IllegalArgumentException("range start " + offset + " outside blob of " + totalSize + " bytes");
        }
        long available = totalSize - offset;
        return length < 0 ? available : Math.min(length, available);
    }
}
