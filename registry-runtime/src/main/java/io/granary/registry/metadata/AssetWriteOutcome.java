package io.granary.registry.metadata;

/** What became of an {@link AssetWrite}; usage and quota are filled when the quota refused it. */
public record AssetWriteOutcome(Result result, StoredAsset asset, long usageBytes, long quotaBytes) {

    /** The possible results of a write. */
    public enum Result { CREATED, REPLACED, IMMUTABLE, QUOTA_EXCEEDED }

    static AssetWriteOutcome of(Result result, StoredAsset asset) {
        return new AssetWriteOutcome(result, asset, -1, -1);
    }
}
