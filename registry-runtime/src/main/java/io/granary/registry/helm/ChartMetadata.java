package io.granary.registry.helm;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/** A chart's Chart.yaml, validated: the fields index.yaml repeats, and the name and version it is filed under. */
record ChartMetadata(String name, String version, Map<String, Object> fields) {

    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,252}");
    /** SemVer 2 as Helm requires it (a leading v is tolerated, as Helm does). */
    private static final Pattern VERSION = Pattern.compile(
            "v?(0|[1-9]\\d*)(\\.(0|[1-9]\\d*)){0,2}(-[0-9A-Za-z.-]+)?(\\+[0-9A-Za-z.-]+)?");

    /** Parses and validates; throws IllegalArgumentException with a message for the client. */
    @SuppressWarnings("unchecked")
    static ChartMetadata parse(byte[] chartYaml) {
        Object parsed;
        try {
            parsed = YAML.readValue(chartYaml, Object.class);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("Chart.yaml is not valid YAML");
        }
        if (!(parsed instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException("Chart.yaml is not a YAML mapping");
        }
        Map<String, Object> fields = new LinkedHashMap<>((Map<String, Object>) map);
        String apiVersion = text(fields, "apiVersion");
        if (!"v1".equals(apiVersion) && !"v2".equals(apiVersion)) {
            throw new IllegalArgumentException("Chart.yaml apiVersion must be v1 or v2");
        }
        String name = text(fields, "name");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("Chart.yaml name is not a valid chart name: " + printable(name));
        }
        String version = text(fields, "version");
        if (!VERSION.matcher(version).matches()) {
            throw new IllegalArgumentException("Chart.yaml version is not a SemVer version: " + printable(version));
        }
        return new ChartMetadata(name, version, fields);
    }

    /** The archive name Helm gives this chart. */
    String filename() {
        return name + "-" + version + ".tgz";
    }

    /** Names that would be confused with each other (case, {@code _} and {@code .} against {@code -}). */
    static String normalize(String name) {
        return name.replaceAll("[-_.]+", "-").toLowerCase(Locale.ROOT);
    }

    private static String text(Map<String, Object> fields, String key) {
        Object value = fields.get(key);
        if (value == null || value.toString().isBlank()) {
            throw new IllegalArgumentException("Chart.yaml has no " + key);
        }
        if (!(value instanceof String) && !(value instanceof Number)) {
            throw new IllegalArgumentException("Chart.yaml " + key + " must be a string");
        }
        return value.toString().strip();
    }

    private static String printable(String s) {
        return s.length() > 80 ? s.substring(0, 80).replaceAll("[^\\x20-\\x7e]", "?") + "..." : s.replaceAll("[^\\x20-\\x7e]", "?");
    }
}
