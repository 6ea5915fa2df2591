package io.granary.registry.storage.hashing;

import io.granary.registry.storage.ChecksumAlgorithm;
import io.granary.registry.storage.Checksums;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;

/**
 * SHA-256 plus any extra requested digests, updated together from the same bytes.
 *
 * <p>Not thread-safe. {@link #update(ByteBuffer)} leaves the buffer's position untouched so the
 * caller can write the very same bytes afterwards without copying them.
 */
public final class MultiDigest {

    private static final HexFormat HEX = HexFormat.of();

    // Arrays instead of a map: update() is on the upload hot path (one call per ~1 MiB buffer).
    private final ChecksumAlgorithm[] algorithms;
    private final MessageDigest[] digests;
    private Checksums result;

    public MultiDigest(Set<ChecksumAlgorithm> extraAlgorithms) {
        EnumSet<ChecksumAlgorithm> all = EnumSet.of(ChecksumAlgorithm.SHA256);
        all.addAll(extraAlgorithms);
        this.algorithms = all.toArray(new ChecksumAlgorithm[0]);
        this.digests = new MessageDigest[algorithms.length];
        for (int i = 0; i < algorithms.length; i++) {
            digests[i] = newDigest(algorithms[i]);
        }
    }

    /** Digests computed by this instance (always including SHA-256). */
    public Set<ChecksumAlgorithm> algorithms() {
        return EnumSet.copyOf(Set.of(algorithms));
    }

    /** Hashes the remaining bytes of {@code data} without consuming them. */
    public void update(ByteBuffer data) {
        ensureNotFinished();
        int position = data.position();
        for (MessageDigest digest : digests) {
            data.position(position);
            digest.update(data);
        }
        data.position(position);
    }

    /** Hashes {@code length} bytes of {@code bytes} starting at {@code offset}. */
    public void update(byte[] bytes, int offset, int length) {
        ensureNotFinished();
        for (MessageDigest digest : digests) {
            digest.update(bytes, offset, length);
        }
    }

    /** Finishes every digest; later calls return the same values and further updates are refused. */
    public Checksums finish() {
        if (result == null) {
            Map<ChecksumAlgorithm, String> values = new EnumMap<>(ChecksumAlgorithm.class);
            for (int i = 0; i < algorithms.length; i++) {
                values.put(algorithms[i], HEX.formatHex(digests[i].digest()));
            }
            result = new Checksums(values);
        }
        return result;
    }

    private void ensureNotFinished() {
        if (result != null) {
            throw new IllegalStateException("digest already finished");
        }
    }

    private static MessageDigest newDigest(ChecksumAlgorithm algorithm) {
        try {
            return MessageDigest.getInstance(algorithm.jcaName());
        } catch (NoSuchAlgorithmException e) {
            // Every JDK must ship SHA-256, SHA-1, MD5 and SHA-512; reaching this is a broken runtime.
            throw new IllegalStateException("JDK lacks " + algorithm.jcaName(), e);
        }
    }
}
