package io.granary.registry.lifecycle.replication;

import com.fasterxml.jackson.databind.JsonNode;
import io.granary.registry.pypi.PypiNames;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Python distributions as {@code twine upload} sends them: the source's JSON simple index (PEP 691) names every file
 * with its sha256; a file the target lacks is streamed into the legacy upload API as a multipart form that states
 * the sha256, so the target verifies it and renders its own index. Each file's yank mark (PEP 592, with its reason)
 * is then made the source's through the target's yank API, one file at a time, so a later yank or un-yank at the
 * source reaches files copied by earlier runs. Setting marks needs the admin role on the target repository.
 */
final class PypiReplication extends FormatReplication {

    private static final String SIMPLE_JSON = "application/vnd.pypi.simple.v1+json";

    /**
     * Yank marks by item key, as listed at the start of the run: the reason, "" when yanked without one; a file not
     * yanked has no entry. Filled by {@link #list()} before any copy starts, read only afterwards.
     */
    private final Map<String, String> sourceMarks = new HashMap<>();
    private final Map<String, String> targetMarks = new HashMap<>();

    PypiReplication(Remote source, Remote target, Transfer transfer) {
        super(source, target, transfer);
    }

    /** One item per file, keyed {@code <normalized project>/<filename>}. */
    @Override
    List<Item> list() throws IOException, InterruptedException {
        List<Item> items = new ArrayList<>();
        JsonNode index = source.json(source.path("pypi", "simple/"), "Accept", SIMPLE_JSON);
        if (index == null) {
            return items;
        }
        for (JsonNode project : index.path("projects")) {
            String name = PypiNames.normalize(project.path("name").asText());
            JsonNode files = source.json(source.path("pypi", "simple/" + name + "/"), "Accept", SIMPLE_JSON);
            if (files == null) {
                continue;
            }
            for (JsonNode f : files.path("files")) {
                String key = name + "/" + f.path("filename").asText();
                items.add(new Item(key, f.path("hashes").path("sha256").asText(null),
                        f.path("size").asLong(), f.hasNonNull("upload-time") ? Instant.parse(f.path("upload-time").asText()) : null));
                remember(sourceMarks, key, f);
            }
            JsonNode copies = target.json(target.path("pypi", "simple/" + name + "/"), "Accept", SIMPLE_JSON);
            for (JsonNode f : copies == null ? List.<JsonNode>of() : copies.path("files")) {
                remember(targetMarks, name + "/" + f.path("filename").asText(), f);
            }
        }
        return items;
    }

    /** PEP 691 {@code yanked}: false, true, or the reason. */
    private static void remember(Map<String, String> marks, String key, JsonNode file) {
        JsonNode yanked = file.path("yanked");
        if (yanked.isTextual() || yanked.asBoolean(false)) {
            marks.put(key, yanked.isTextual() ? yanked.asText() : "");
        }
    }

    /** Uploads the file unless the target holds it, then gives it the source's yank mark; true when either changed the target. */
    @Override
    boolean copy(Item item) throws IOException, InterruptedException {
        boolean uploaded = upload(item);
        // A file uploaded just now is not yanked, whatever the listing of the target said before.
        String present = uploaded ? null : targetMarks.get(item.key());
        return mark(item, present) || uploaded;
    }

    private boolean mark(Item item, String present) throws IOException, InterruptedException {
        String wanted = sourceMarks.get(item.key());
        if (Objects.equals(wanted, present)) {
            return false;
        }
        String project = item.key().substring(0, item.key().indexOf('/'));
        String filename = item.key().substring(project.length() + 1);
        String path = "/api/v1/repositories/" + Remote.segment(target.repository()) + "/pypi/projects/" + Remote.segment(project)
                + "/versions/" + Remote.segment(PypiNames.versionOf(filename)) + "/yank?file=" + Remote.segment(filename);
        if (wanted == null) {
            target.call("DELETE", path, null, "un-yank " + item.key(), 200);
        } else {
            target.call("PUT", path, Map.of("reason", wanted), "yank " + item.key(), 200);
        }
        return true;
    }

    private boolean upload(Item item) throws IOException, InterruptedException {
        if (item.digest() != null && item.digest().equals(target.sha256(target.path("pypi", "files/" + item.key())))) {
            return false;
        }
        String boundary = "granary-" + UUID.randomUUID();
        StringBuilder before = new StringBuilder();
        field(before, boundary, ":action", "file_upload");
        field(before, boundary, "protocol_version", "1");
        if (item.digest() != null) {
            field(before, boundary, "sha256_digest", item.digest());
        }
        String filename = item.key().substring(item.key().indexOf('/') + 1);
        before.append("--").append(boundary).append("\r\nContent-Disposition: form-data; name=\"content\"; filename=\"")
                .append(filename.replace("\"", "")).append("\"\r\nContent-Type: application/octet-stream\r\n\r\n");
        byte[] after = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        transfer.copy(source, source.path("pypi", "files/" + item.key()), target, "POST", target.path("pypi", ""),
                        Map.of("Content-Type", "multipart/form-data; boundary=" + boundary),
                        new Transfer.Envelope(before.toString().getBytes(StandardCharsets.UTF_8), after))
                .expect(200, 201);
        return true;
    }

    private static void field(StringBuilder form, String boundary, String name, String value) {
        form.append("--").append(boundary).append("\r\nContent-Disposition: form-data; name=\"").append(name).append("\"\r\n\r\n")
                .append(value).append("\r\n");
    }
}
