package io.granary.registry.metadata;

import io.granary.registry.storage.ChecksumAlgorithm;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;

/**
 * An asset with the checksums of its blob, as read from the database. It knows its repository, so its bytes are read
 * from that repository's store also when another repository serves it (a group reading a member).
 */
public record StoredAsset(long id, long repositoryId, String path, long size, String contentType, Map<ChecksumAlgorithm, String> checksums,
                          String createdBy, Instant createdAt, Instant updatedAt, Instant lastDownloadedAt) {

    public String sha256() {
        return checksums.get(ChecksumAlgorithm.SHA256);
    }

    static StoredAsset of(AssetRecord asset, BlobRecord blob) {
        Map<ChecksumAlgorithm, String> sums = new EnumMap<>(ChecksumAlgorithm.class);
        sums.put(ChecksumAlgorithm.SHA256, blob.sha256);
        putIfPresent(sums, ChecksumAlgorithm.SHA1, blob.sha1);
        putIfPresent(sums, ChecksumAlgorithm.MD5, blob.md5);
        putIfPresent(sums, ChecksumAlgorithm.SHA512, blob.sha512);
        return new StoredAsset(asset.id, asset.repositoryId, asset.path, asset.size, asset.contentType, Map.copyOf(sums), asset.createdBy,
                asset.createdAt, asset.updatedAt, asset.lastDownloadedAt);
    }

    private static void putIfPresent(Map<ChecksumAlgorithm, String> sums, ChecksumAlgorithm algorithm, String value) {
        if (value != null) {
            sums.put(algorithm, value);
        }
    }
}
