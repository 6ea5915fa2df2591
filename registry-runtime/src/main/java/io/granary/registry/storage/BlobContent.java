package io.granary.registry.storage;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.Optional;

/**
 * An opened blob or byte range of one. Filesystem stores expose {@link #localFile()} so the HTTP
 * layer can send it zero-copy; every store offers {@link #stream()}.
 *
 * @param offset first byte of the range within the blob
 * @param length number of bytes in the range
 * @param totalSize size of the whole blob
 */
public record BlobContent(long offset, long length, long totalSize, Optional<Path> localFile,
                          StreamOpener opener) implements AutoCloseable {

    /** Opens the byte stream of the range lazily, so zero-copy callers never open it. */
    @FunctionalInterface
    public interface StreamOpener {
        InputStream open() throws java.io.IOException;
    }

    public InputStream stream() throws java.io.IOException {
        return opener.open();
    }

    @Override
    public void close() {
        // Streams are owned by whoever opened them; nothing is held by the record itself.
    }
}
