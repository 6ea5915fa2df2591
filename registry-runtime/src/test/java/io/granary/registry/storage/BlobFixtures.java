package io.granary.registry.storage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Random;
import java.util.Set;

/** Content, digests and write/read shortcuts for storage tests. */
final class BlobFixtures {

    private BlobFixtures() {
    }

    /** Deterministic pseudo-random bytes, so failures reproduce. */
    static byte[] content(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    static String hex(ChecksumAlgorithm algorithm, byte[] bytes) {
        return hex(algorithm, bytes, 0, bytes.length);
    }

    static String hex(ChecksumAlgorithm algorithm, byte[] bytes, int offset, int length) {
        try {
            MessageDigest digest = MessageDigest.getInstance(algorithm.jcaName());
            digest.update(bytes, offset, length);
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String sha256(byte[] bytes) {
        return hex(ChecksumAlgorithm.SHA256, bytes);
    }

    /** Writes {@code bytes} in pieces of {@code pieceSize}, alternating heap and direct buffers. */
    static void write(BlobWriter writer, byte[] bytes, int pieceSize) throws IOException {
        boolean direct = false;
        for (int offset = 0; offset < bytes.length; offset += pieceSize) {
            int length = Math.min(pieceSize, bytes.length - offset);
            ByteBuffer piece = direct ? ByteBuffer.allocateDirect(length) : ByteBuffer.allocate(length);
            piece.put(bytes, offset, length).flip();
            writer.write(piece);
            direct = !direct;
        }
    }

    static CommittedBlob put(BlobStore store, byte[] bytes) throws IOException {
        try (BlobWriter writer = store.openWriter(Set.of())) {
            write(writer, bytes, 64 * 1024);
            return writer.commit(ExpectedChecksums.sha256(sha256(bytes)));
        }
    }

    static CommittedBlob appendChunk(UploadSessionStore uploads, String session, long offset, byte[] bytes)
            throws IOException {
        try (BlobWriter writer = uploads.appendChunk(session, offset)) {
            write(writer, bytes, 64 * 1024);
            return writer.commit(ExpectedChecksums.NONE);
        }
    }

    static byte[] read(BlobStore store, String sha256, long offset, long length) throws IOException {
        try (BlobContent content = store.open(sha256, offset, length); InputStream in = content.stream()) {
            return in.readAllBytes();
        }
    }

    static byte[] concat(byte[]... parts) {
        int size = 0;
        for (byte[] part : parts) {
            size += part.length;
        }
        ByteBuffer all = ByteBuffer.allocate(size);
        for (byte[] part : parts) {
            all.put(part);
        }
        return all.array();
    }
}
