package io.granary.e2e.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A client of the generic repository API ({@code /generic/<repo>/<path>}) with the admin token. */
public final class GenericApi {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(120);

    private final URI base;
    private final String token;
    private final HttpClient http;

    public GenericApi(URI base, String token) {
        this.base = base;
        this.token = token;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    /** One entry of a folder listing. */
    public record Child(String name, String path, boolean folder, long size, String sha256) {
    }

    /** A folder listing: the HTTP status, and the children when it was 200. */
    public record Listing(int status, List<Child> children) {
        public Optional<Child> child(String name) {
            return children.stream().filter(c -> c.name().equals(name)).findFirst();
        }
    }

    public URI uri(String repo, String path) {
        return base.resolve("/generic/" + repo + "/" + path);
    }

    /** PUT with {@code X-Checksum-Sha256} when {@code sha256} is not null. */
    public HttpResponse<String> put(String repo, String path, byte[] body, String sha256) {
        HttpRequest.Builder request = authorized(uri(repo, path))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body));
        if (sha256 != null) {
            request.header("X-Checksum-Sha256", sha256);
        }
        return send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<byte[]> get(String repo, String path) {
        return send(authorized(uri(repo, path)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    public HttpResponse<Void> head(String repo, String path) {
        return send(authorized(uri(repo, path)).method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.discarding());
    }

    public HttpResponse<String> delete(String repo, String path) {
        return send(authorized(uri(repo, path)).DELETE().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Lists {@code folder} (no trailing slash needed). */
    public Listing list(String repo, String folder) {
        String path = folder.endsWith("/") ? folder : folder + "/";
        HttpResponse<String> response = send(authorized(uri(repo, path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            return new Listing(response.statusCode(), List.of());
        }
        try {
            JsonNode root = JSON.readTree(response.body());
            List<Child> children = new ArrayList<>();
            for (JsonNode c : root.path("children")) {
                children.add(new Child(c.path("name").asText(), c.path("path").asText(),
                        c.path("folder").asBoolean(), c.path("size").asLong(-1), c.path("sha256").asText(null)));
            }
            return new Listing(200, children);
        } catch (IOException e) {
            throw new AssertionError("listing of " + path + " is not JSON: " + response.body(), e);
        }
    }

    private HttpRequest.Builder authorized(URI uri) {
        return HttpRequest.newBuilder(uri)
                .timeout(REQUEST_TIMEOUT)
                .header("Authorization", "Bearer " + token);
    }

    private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        try {
            return http.send(request, handler);
        } catch (IOException e) {
            throw new UncheckedIOException(request.method() + " " + request.uri(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + request.method() + " " + request.uri(), e);
        }
    }
}
