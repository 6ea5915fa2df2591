package io.granary.registry.storage;

import io.granary.registry.storage.filesystem.FilesystemSync;
import io.granary.registry.storage.s3.S3ChecksumMode;
import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;
import java.util.Optional;

/** Where blobs are stored: {@code granary.storage.*} settings choosing and configuring the backend. */
@ConfigMapping(prefix = "granary.storage")
public interface StorageConfig {

    /** The available backends. */
    enum Kind { FILESYSTEM, S3 }

    /** Backend to use: {@code filesystem} (default, a local or shared volume) or {@code s3}. */
    @WithDefault("filesystem")
    Kind kind();

    /** Settings used when {@link #kind()} is {@code filesystem}. */
    Filesystem filesystem();

    /** Settings used when {@link #kind()} is {@code s3}. */
    S3 s3();

    /** The file system backend's settings. */
    interface Filesystem {
        /** Root directory holding {@code blobs/}, {@code tmp/} and {@code uploads/}; all on one volume. */
        @WithDefault("${granary.data-dir:granary-data}/blobs")
        Path root();

        /**
         * When written data is forced to disk: {@code commit} (default; an acknowledged upload
         * survives a power loss) or {@code none} (the kernel writes back later, as most file
         * servers do; only where the volume below provides durability).
         */
        @WithDefault("commit")
        FilesystemSync sync();

        /**
         * Memory for the staging buffers of direct ({@code O_DIRECT}) writes, 4 MiB per buffer and two
         * per upload at most: uploads that {@code sync=commit} forces to disk skip the page cache, which
         * saves the kernel's copy and keeps the disk busy during the upload. When all buffers are lent,
         * on file systems without direct I/O, with {@code sync=none} or with {@code 0}, uploads are
         * written through the page cache.
         */
        @WithDefault("64M")
        MemorySize directWriteMemory();
    }

    /** The S3 backend's settings. */
    interface S3 {
        /** Endpoint of an S3-compatible store, e.g. {@code http://minio:9000}; empty means AWS itself. */
        Optional<String> endpoint();

        /** Signing region; most S3-compatible stores accept the default. */
        @WithDefault("us-east-1")
        String region();

        /**
         * Bucket holding every repository's blobs, shared by all replicas of one registry; with a
         * {@link #bucketTemplate()}, only the readiness probe uses it.
         */
        @WithDefault("granary")
        String bucket();

        /**
         * One bucket per repository: the Repository's {@code spec.storage.bucket}, else this template with
         * {@code {namespace}} and {@code {repository}} replaced (the operator sets it to the Registry's
         * {@code bucketTemplate}). Empty (default): every repository in {@link #bucket()}.
         */
        Optional<String> bucketTemplate();

        /** Static access key; leave both keys empty to use the SDK's default chain (e.g. IRSA). */
        Optional<String> accessKey();

        /** Static secret key; never logged. */
        Optional<String> secretKey();

        /** Path-style URLs ({@code endpoint/bucket/key}), which most S3-compatible stores need. */
        @WithDefault("true")
        boolean pathStyle();

        /**
         * When the SDK adds its own checksums: {@code WHEN_REQUIRED} (default; the SDK's trailing
         * checksums are refused by many S3-compatible stores) or {@code WHEN_SUPPORTED}.
         */
        @WithDefault("WHEN_REQUIRED")
        S3ChecksumMode checksumMode();

        /** Multipart part size, also the memory one upload holds; at least 5M (S3's minimum). */
        @WithDefault("16M")
        MemorySize partSize();

        /** Creates the bucket at start when it is missing (needs the permission to do so). */
        @WithDefault("true")
        boolean createBucket();
    }
}
