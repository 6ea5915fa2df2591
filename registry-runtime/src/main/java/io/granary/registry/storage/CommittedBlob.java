package io.granary.registry.storage;

/** A blob that a {@link BlobWriter} verified and committed under its sha256. */
public record CommittedBlob(Checksums checksums, long size) {

    public String sha256() {
        return checksums.sha256();
    }
}
