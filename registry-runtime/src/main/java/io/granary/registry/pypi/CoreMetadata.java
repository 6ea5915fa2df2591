package io.granary.registry.pypi;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The fields Granary needs from a distribution's core metadata (a wheel's METADATA, an sdist's
 * PKG-INFO), parsed from the email-header format; {@code raw} is served as the PEP 658 file.
 */
record CoreMetadata(String metadataVersion, String name, String version, String requiresPython, byte[] raw) {

    private static final Pattern REQUIRES_PYTHON = Pattern.compile("[0-9A-Za-z<>=!~.,* ]*");

    /** Parses the headers; throws IllegalArgumentException naming what is missing or malformed. */
    static CoreMetadata parse(String source, byte[] raw) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(raw)).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException(source + " is not UTF-8");
        }
        Map<String, String> first = new HashMap<>();
        for (String line : text.split("\r?\n", -1)) {
            if (line.isEmpty()) {
                break;
            }
            if (line.startsWith(" ") || line.startsWith("\t")) {
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException(source + " is malformed: a header line without a colon");
            }
            first.putIfAbsent(line.substring(0, colon).strip().toLowerCase(java.util.Locale.ROOT),
                    line.substring(colon + 1).strip());
        }
        String metadataVersion = required(first, "metadata-version", source);
        String name = required(first, "name", source);
        String version = required(first, "version", source);
        String requiresPython = first.get("requires-python");
        if (!PypiNames.isValid(name)) {
            throw new IllegalArgumentException(source + " has an invalid Name: " + name);
        }
        if (requiresPython != null && (requiresPython.isEmpty() || !REQUIRES_PYTHON.matcher(requiresPython).matches())) {
            throw new IllegalArgumentException(source + " has a malformed Requires-Python: " + requiresPython);
        }
        return new CoreMetadata(metadataVersion, name, version, requiresPython, raw);
    }

    private static String required(Map<String, String> headers, String key, String source) {
        String value = headers.get(key);
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException(source + " is malformed: it has no " + key + " field");
        }
        return value;
    }
}
