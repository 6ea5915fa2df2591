package io.granary.registry.storage.filesystem;

/**
 * When the file system store forces written data to disk.
 *
 * <p>{@link #COMMIT} is the default and the only mode that keeps the promise "an acknowledged
 * upload survives a power loss". {@link #NONE} leaves write-back to the kernel, as nginx and most
 * file servers do: a process crash loses nothing, but a kernel crash or power loss can lose or
 * truncate blobs acknowledged in the last seconds. Use it only where durability comes from the
 * layer below (replicated block storage with its own write cache) or to compare with such servers.
 */
public enum FilesystemSync {
    /** fsync of the file before its rename, and of the directory after; the safe default. */
    COMMIT,
    /** No fsync at all; the kernel writes dirty pages back when it chooses. */
    NONE;

    boolean forces() {
        return this == COMMIT;
    }
}
