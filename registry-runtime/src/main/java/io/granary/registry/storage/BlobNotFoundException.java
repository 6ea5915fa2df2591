package io.granary.registry.storage;

import java.io.IOException;

/** Thrown when a digest or upload session the caller named does not exist in the store. */
public class BlobNotFoundException extends IOException {
    public BlobNotFoundException(String message) {
        super(message);
    }
}
