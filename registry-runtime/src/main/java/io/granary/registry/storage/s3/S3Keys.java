package io.granary.registry.storage.s3;

import io.granary.registry.storage.ChecksumAlgorithm;
import io.granary.registry.storage.hashing.ChecksumHex;

import java.util.OptionalLong;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Object key layout of an {@link S3BlobStore}: {@code blobs/sha256/ab/<hex>}, {@code tmp/<uuid>},
 * {@code uploads/<session>/<offset>} and the marker {@code uploads/<session>/session}.
 */
final class S3Keys {

    static final String BLOBS = "blobs/sha256/";
    static final String TMP = "tmp/";
    static final String UPLOADS = "uploads/";
    static final String SESSION_MARKER = "session";

    private static final Pattern SESSION_ID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final Pattern CHUNK_NAME = Pattern.compile("[0-9]{20}");

    private S3Keys() {
    }

    static String blob(String sha256) {
        ChecksumHex.requireSha256(sha256);
        return BLOBS + sha256.substring(0, 2) + "/" + sha256;
    }

    /** The digest named by a blob key, or null for any other key found below {@link #BLOBS}. */
    static String digestOf(String key) {
        String name = key.substring(key.lastIndexOf('/') + 1);
        return ChecksumHex.isValid(ChecksumAlgorithm.SHA256, name) && key.equals(blob(name)) ? name : null;
    }

    static String newTemp() {
        return TMP + UUID.randomUUID();
    }

    static String newSessionId() {
        return UUID.randomUUID().toString();
    }

    /** True for ids this store hands out; anything else must never become part of a key. */
    static boolean isSessionId(String sessionId) {
        return sessionId != null && SESSION_ID.matcher(sessionId).matches();
    }

    static String sessionPrefix(String sessionId) {
        return UPLOADS + sessionId + "/";
    }

    static String sessionMarker(String sessionId) {
        return sessionPrefix(sessionId) + SESSION_MARKER;
    }

    static String chunk(String sessionId, long offset) {
        // Zero padding makes S3's lexicographic listing order equal offset order.
        return sessionPrefix(sessionId) + String.format("%020d", offset);
    }

    /** Session id of any key below {@link #UPLOADS}, or null. */
    static String sessionOf(String key) {
        int slash = key.indexOf('/', UPLOADS.length());
        if (!key.startsWith(UPLOADS) || slash < 0) {
            return null;
        }
        String id = key.substring(UPLOADS.length(), slash);
        return isSessionId(id) ? id : null;
    }

    /** Start offset of a chunk key, or empty for the marker and anything else. */
    static OptionalLong chunkOffset(String key) {
        String name = key.substring(key.lastIndexOf('/') + 1);
        return CHUNK_NAME.matcher(name).matches() ? OptionalLong.of(Long.parseLong(name)) : OptionalLong.empty();
    }
}
