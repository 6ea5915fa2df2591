package io.granary.registry.storage;

import java.io.IOException;

/** A chunk did not start where the session currently ends. */
public class UploadOffsetException extends IOException {
    private final long currentSize;

    public UploadOffsetException(long requested, long currentSize) {
        super("chunk starts at " + requested + " but the upload holds " + currentSize + " bytes");
        this.currentSize = currentSize;
    }

    public long currentSize() {
        return currentSize;
    }
}
