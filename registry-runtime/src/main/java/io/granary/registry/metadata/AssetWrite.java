package io.granary.registry.metadata;

import io.granary.registry.storage.CommittedBlob;
import java.util.Map;
import java.util.OptionalLong;

/**
 * A request to point {@code path} at a committed blob.
 *
 * @param immutable whether an existing asset at the path must be kept (refusing the write)
 * @param quotaBytes the repository's quota, checked against its usage inside the same transaction
 * @param properties labels written in the same transaction (replacing the asset's previous ones), so
 *                   a format's per-file metadata is never missing from a visible asset
 */
public record AssetWrite(long repositoryId, String path, CommittedBlob blob, String contentType, String actor,
                         boolean immutable, OptionalLong quotaBytes, Map<String, String> properties) {

    public AssetWrite {
        properties = Map.copyOf(properties);
    }

    public AssetWrite(long repositoryId, String path, CommittedBlob blob, String contentType, String actor,
                      boolean immutable, OptionalLong quotaBytes) {
        this(repositoryId, path, blob, contentType, actor, immutable, quotaBytes, Map.of());
    }
}
