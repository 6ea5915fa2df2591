package io.granary.registry.core;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Turns the raw (still percent-encoded) path of a request into a safe relative asset path.
 *
 * <p>Everything that could climb out of a repository or mean different things to different layers
 * is refused rather than normalised: dot segments in any spelling ({@code ..}, {@code %2e%2e}),
 * encoded slashes and backslashes, path parameters ({@code ..;}), control characters and NUL,
 * absolute or empty segments, malformed UTF-8, and overlong names.
 */
public final class AssetPath {

    public static final int MAX_PATH_BYTES = 1024;
    public static final int MAX_SEGMENT_BYTES = 255;
    public static final int MAX_DEPTH = 64;

    private AssetPath() {
    }

    /**
     * Decodes and validates; a trailing '/' (a folder) is kept. The empty path is the repository root.
     */
    public static String parse(String raw) throws InvalidPathException {
        String lower = raw.toLowerCase(java.util.Locale.ROOT);
        if (lower.contains("%2f") || lower.contains("%5c") || raw.indexOf('\\') >= 0) {
            throw new InvalidPathException("path must not contain encoded slashes or backslashes");
        }
        if (raw.indexOf(';') >= 0) {
            throw new InvalidPathException("path must not contain ';'");
        }
        String path = decode(raw);
        if (path.getBytes(StandardCharsets.UTF_8).length > MAX_PATH_BYTES) {
            throw new InvalidPathException("path is longer than " + MAX_PATH_BYTES + " bytes");
        }
        if (path.startsWith("/")) {
            throw new InvalidPathException("path must be relative to the repository");
        }
        boolean folder = path.endsWith("/");
        String body = folder ? path.substring(0, path.length() - 1) : path;
        if (body.isEmpty()) {
            return "";
        }
        String[] segments = body.split("/", -1);
        if (segments.length > MAX_DEPTH) {
            throw new InvalidPathException("path is deeper than " + MAX_DEPTH + " folders");
        }
        for (String segment : segments) {
            checkSegment(segment);
        }
        return path;
    }

    private static void checkSegment(String segment) throws InvalidPathException {
        if (segment.isEmpty()) {
            throw new InvalidPathException("path must not contain empty segments ('//')");
        }
        if (segment.equals(".") || segment.equals("..")) {
            throw new InvalidPathException("path must not contain '.' or '..' segments");
        }
        if (segment.getBytes(StandardCharsets.UTF_8).length > MAX_SEGMENT_BYTES) {
            throw new InvalidPathException("a path segment is longer than " + MAX_SEGMENT_BYTES + " bytes");
        }
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                throw new InvalidPathException("path must not contain control characters");
            }
        }
    }

    /** Strict percent-decoding: '+' stays '+', malformed escapes and invalid UTF-8 are refused. */
    static String decode(String raw) throws InvalidPathException {
        if (raw.indexOf('%') < 0) {
            return raw;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length()) {
                    throw new InvalidPathException("path has a malformed percent-escape");
                }
                int hi = Character.digit(raw.charAt(i + 1), 16);
                int lo = Character.digit(raw.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    throw new InvalidPathException("path has a malformed percent-escape");
                }
                bytes.write(hi * 16 + lo);
                i += 2;
            } else {
                byte[] utf8 = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                if (Character.isHighSurrogate(c) && i + 1 < raw.length()) {
                    utf8 = raw.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
                    i++;
                }
                bytes.writeBytes(utf8);
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new InvalidPathException("path is not valid UTF-8");
        }
    }
}
