package io.granary.registry.http;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A single byte range from a {@code Range} header, resolved against the entity size (RFC 9110 §14).
 * Multiple ranges are not supported and, as the RFC allows, are answered with the whole entity.
 */
public record ByteRange(long offset, long length) {

    private static final Pattern SINGLE = Pattern.compile("bytes=(\\d*)-(\\d*)");

    /** Thrown when the range cannot be satisfied; the caller answers 416. */
    public static final class Unsatisfiable extends Exception {
        public Unsatisfiable() {
            super(null, null, false, false);
        }
    }

    /** Empty when there is no usable Range header (serve everything). */
    public static Optional<ByteRange> parse(String header, long size) throws Unsatisfiable {
        if (header == null) {
            return Optional.empty();
        }
        Matcher m = SINGLE.matcher(header.strip());
        if (!m.matches() || (m.group(1).isEmpty() && m.group(2).isEmpty())) {
            return Optional.empty();
        }
        try {
            if (m.group(1).isEmpty()) {
                long suffix = Long.parseLong(m.group(2));
                if (suffix == 0 || size == 0) {
                    throw new Unsatisfiable();
                }
                long len = Math.min(suffix, size);
                return Optional.of(new ByteRange(size - len, len));
            }
            long first = Long.parseLong(m.group(1));
            if (first >= size) {
                throw new Unsatisfiable();
            }
            long last = m.group(2).isEmpty() ? size - 1 : Math.min(Long.parseLong(m.group(2)), size - 1);
            if (last < first) {
                return Optional.empty();
            }
            return Optional.of(new ByteRange(first, last - first + 1));
        } catch (NumberFormatException tooLarge) {
            return Optional.empty();
        }
    }

    /** The {@code Content-Range} value for this range of an entity of {@code size} bytes. */
    public String contentRange(long size) {
        return "bytes " + offset + "-" + (offset + length - 1) + "/" + size;
    }
}
