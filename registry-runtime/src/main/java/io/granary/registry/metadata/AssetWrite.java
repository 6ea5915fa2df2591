package io.granary.registry.metadata;

import io.granary.registry.storage.CommittedBlob;
import java.util.OptionalLong;

/**
 * A request to point {@code path} at a committed blob.
 *
 * @param immutable whether an existing asset at the path must be kept (refusing the write)
 * @param quotaBytes the repository's quota, checked against its usage inside the same transaction
 */
public record AssetWrite(long repositoryId, String path, CommittedBlob blob, String contentType, String actor,
                         boolean immutable, OptionalLong quotaBytes) {
}
