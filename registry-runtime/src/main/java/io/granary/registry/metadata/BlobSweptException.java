package io.granary.registry.metadata;

/** A write lost the race with garbage collection: the blob it referenced was swept; the upload must be repeated. */
public class BlobSweptException extends RuntimeException {

    public BlobSweptException(String sha256) {
        super("blob sha256:" + sha256 + " was garbage-collected while the upload committed; repeat the upload", null,
                false, false);
    }
}
