package io.granary.registry.pypi;

import io.granary.registry.metadata.LabeledAsset;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;

/** Renders the simple repository API: PEP 503 HTML and PEP 691 JSON, with PEP 592/658/700/714 fields. */
final class SimpleIndexRenderer {

    static final String API_VERSION = "1.1";

    private SimpleIndexRenderer() {
    }

    static String projectsHtml(Map<String, String> projects) {
        StringBuilder html = new StringBuilder(head("Simple index"));
        projects.forEach((normalized, name) -> html.append("    <a href=\"").append(escape(normalized)).append("/\">")
                .append(escape(name)).append("</a><br/>\n"));
        return html.append("  </body>\n</html>\n").toString();
    }

    static String projectsJson(Map<String, String> projects) {
        JsonArray list = new JsonArray();
        projects.values().forEach(name -> list.add(new JsonObject().put("name", name)));
        return new JsonObject().put("meta", meta()).put("projects", list).encode();
    }

    /** {@code url} maps a file to its absolute download URL (without fragment). */
    static String filesHtml(String project, List<LabeledAsset> files, Function<LabeledAsset, String> url) {
        StringBuilder html = new StringBuilder(head("Links for " + project));
        html.append("    <h1>Links for ").append(escape(project)).append("</h1>\n");
        for (LabeledAsset file : files) {
            html.append("    <a href=\"").append(escape(url.apply(file))).append("#sha256=").append(file.asset().sha256()).append('"');
            String requiresPython = file.property(PypiProjects.REQUIRES_PYTHON);
            if (requiresPython != null) {
                html.append(" data-requires-python=\"").append(escape(requiresPython)).append('"');
            }
            String yanked = file.property(PypiProjects.YANKED);
            if (yanked != null) {
                html.append(" data-yanked=\"").append(escape(yanked)).append('"');
            }
            String metadata = file.property(PypiProjects.CORE_METADATA_SHA256);
            if (metadata != null) {
                html.append(" data-core-metadata=\"sha256=").append(metadata).append('"')
                        .append(" data-dist-info-metadata=\"sha256=").append(metadata).append('"');
            }
            html.append('>').append(escape(filename(file))).append("</a><br/>\n");
        }
        return html.append("  </body>\n</html>\n").toString();
    }

    static String filesJson(String project, List<LabeledAsset> files, Function<LabeledAsset, String> url) {
        JsonArray list = new JsonArray();
        TreeSet<String> versions = new TreeSet<>();
        for (LabeledAsset file : files) {
            String version = file.property(PypiProjects.VERSION);
            if (version != null) {
                versions.add(version);
            }
            String yanked = file.property(PypiProjects.YANKED);
            String metadata = file.property(PypiProjects.CORE_METADATA_SHA256);
            JsonObject entry = new JsonObject()
                    .put("filename", filename(file))
                    .put("url", url.apply(file))
                    .put("hashes", new JsonObject().put("sha256", file.asset().sha256()))
                    .put("requires-python", file.property(PypiProjects.REQUIRES_PYTHON))
                    .put("size", file.asset().size())
                    .put("upload-time", DateTimeFormatter.ISO_INSTANT.format(file.asset().createdAt().truncatedTo(ChronoUnit.MICROS)))
                    // PEP 592: a reason string, or true when yanked without one.
                    .put("yanked", yanked == null ? Boolean.FALSE : yanked.isEmpty() ? Boolean.TRUE : yanked)
                    // PEP 714: "core-metadata" only; "dist-info-metadata" in JSON crashes pip 22.3–23.1.
                    .put("core-metadata", metadata == null ? Boolean.FALSE : new JsonObject().put("sha256", metadata));
            list.add(entry);
        }
        return new JsonObject().put("meta", meta()).put("name", project)
                .put("versions", new JsonArray(List.copyOf(versions))).put("files", list).encode();
    }

    static String filename(LabeledAsset file) {
        String path = file.asset().path();
        return path.substring(path.lastIndexOf('/') + 1);
    }

    private static JsonObject meta() {
        return new JsonObject().put("api-version", API_VERSION);
    }

    private static String head(String title) {
        return "<!DOCTYPE html>\n<html>\n  <head>\n    <meta name=\"pypi:repository-version\" content=\"" + API_VERSION
                + "\">\n    <title>" + escape(title) + "</title>\n  </head>\n  <body>\n";
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;").replace("'", "&#39;");
    }
}
