package io.granary.registry.lifecycle.replication;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Python distributions as {@code twine upload} sends them: the source's JSON simple index (PEP 691) names every file
 * with its sha256; a file the target lacks is streamed into the legacy upload API as a multipart form that states
 * the sha256, so the target verifies it and renders its own index. Yanked marks are not replicated.
 */
final class PypiReplication extends FormatReplication {

    private static final String SIMPLE_JSON = "application/vnd.pypi.simple.v1+json";

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
            String name = normalize(project.path("name").asText());
            JsonNode files = source.json(source.path("pypi", "simple/" + name + "/"), "Accept", SIMPLE_JSON);
            if (files == null) {
                continue;
            }
            for (JsonNode f : files.path("files")) {
                items.add(new Item(name + "/" + f.path("filename").asText(), f.path("hashes").path("sha256").asText(null),
                        f.path("size").asLong(), f.hasNonNull("upload-time") ? Instant.parse(f.path("upload-time").asText()) : null));
            }
        }
        return items;
    }

    @Override
    boolean copy(Item item) throws IOException, InterruptedException {
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

    /** PEP 503 normalization: runs of {@code - _ .} become one {@code -}, lower case. */
    static String normalize(String name) {
        return name.replaceAll("[-_.]+", "-").toLowerCase(Locale.ROOT);
    }
}
