package io.granary.registry.core;

import io.granary.registry.storage.ChecksumAlgorithm;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A digest of the OCI image spec (descriptor.md §Digests) in an algorithm this registry verifies:
 * sha256 (canonical) or sha512. Blobs are stored under their sha256 whatever digest named them; a
 * sha512 digest is an alias the blob table records when the bytes were hashed with it.
 */
public record OciDigest(ChecksumAlgorithm algorithm, String hex) {

    private static final Pattern REGISTERED = Pattern.compile("(sha256|sha512):([a-f0-9]+)");
    private static final Pattern ANY = Pattern.compile("[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+");

    /** A {@code sha256:} or {@code sha512:} digest with an encoded part of the right length, or null. */
    public static OciDigest parse(String digest) {
        if (digest == null) {
            return null;
        }
        Matcher m = REGISTERED.matcher(digest);
        if (!m.matches()) {
            return null;
        }
        ChecksumAlgorithm algorithm = m.group(1).equals("sha256") ? ChecksumAlgorithm.SHA256 : ChecksumAlgorithm.SHA512;
        return m.group(2).length() == algorithm.hexLength() ? new OciDigest(algorithm, m.group(2)) : null;
    }

    /** Whether the string has the general shape of a digest (any algorithm, even unsupported ones). */
    public static boolean looksLikeDigest(String s) {
        return s != null && ANY.matcher(s).matches();
    }

    public static OciDigest sha256(String hex) {
        return new OciDigest(ChecksumAlgorithm.SHA256, hex);
    }

    /** The digest of {@code bytes} in {@code algorithm}. */
    public static OciDigest of(ChecksumAlgorithm algorithm, byte[] bytes) {
        try {
            return new OciDigest(algorithm, HexFormat.of().formatHex(
                    MessageDigest.getInstance(algorithm.jcaName()).digest(bytes)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public boolean isSha256() {
        return algorithm == ChecksumAlgorithm.SHA256;
    }

    @Override
    public String toString() {
        return (isSha256() ? "sha256:" : "sha512:") + hex;
    }
}
