package io.granary.operator.repository;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The registry runtime's admin API as the operator uses it: repository usage, SLI snapshots and tokens. */
public final class RegistryAdminApi {

    /** Usage of one repository. */
    public record Usage(long artifacts, long bytes) {
    }

    /** Counts and p95 of one operation over the window; p95Millis is -1 without requests. */
    public record Figures(long requests, long failures, long p95Millis) {
        /** Share of successful requests; 1.0 without requests. */
        public double successRatio() {
            return requests == 0 ? 1.0 : (double) (requests - failures) / requests;
        }
    }

    /** SLI snapshot of one repository. */
    public record Sli(long windowSeconds, Figures pull, Figures push) {
    }

    /** A token the runtime issued. */
    public record IssuedToken(String id, String token) {
    }

    /** A token as the runtime lists it (never with its secret). */
    public record TokenInfo(String id, String name, List<String> repositories, boolean revoked) {
    }

    /** The runtime did not answer as expected. */
    public static final class AdminApiException extends RuntimeException {
        public AdminApiException(String message) {
            super(message);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    /** Usage when the runtime serves the repository; empty when its catalog does not know it (404). */
    public Optional<Usage> usage(String baseUrl, String adminToken, String repository) {
        HttpResponse<String> response = send(get(baseUrl + "/api/v1/repositories/" + encode(repository), adminToken));
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        JsonNode body = expect(response, 200);
        return Optional.of(new Usage(body.path("artifacts").asLong(), body.path("bytes").asLong()));
    }

    /** The SLI snapshot over the window (e.g. "30m"). */
    public Sli sli(String baseUrl, String adminToken, String repository, String window) {
        HttpResponse<String> response = send(get(baseUrl + "/api/v1/repositories/" + encode(repository) + "/sli?window="
                + encode(window), adminToken));
        JsonNode body = expect(response, 200);
        return new Sli(body.path("windowSeconds").asLong(), figures(body.path("pull")), figures(body.path("push")));
    }

    /** Issues a token granting {@code role} on {@code repository}. */
    public IssuedToken issueToken(String baseUrl, String adminToken, String name, String repository, String role) {
        ObjectNode request = JSON.createObjectNode().put("name", name);
        request.putArray("grants").addObject().put("repository", repository).put("role", role);
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1/tokens"))
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + adminToken)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(request.toString()))
                .build());
        JsonNode body = expect(response, 201);
        return new IssuedToken(body.path("id").asText(), body.path("token").asText());
    }

    /** Every token the runtime knows, revoked ones included. */
    public List<TokenInfo> tokens(String baseUrl, String adminToken) {
        JsonNode body = expect(send(get(baseUrl + "/api/v1/tokens", adminToken)), 200);
        List<TokenInfo> tokens = new ArrayList<>();
        for (JsonNode token : body) {
            List<String> repositories = new ArrayList<>();
            token.path("grants").forEach(g -> repositories.add(g.path("repository").asText()));
            tokens.add(new TokenInfo(token.path("id").asText(), token.path("name").asText(), repositories,
                    !token.path("revokedAt").isNull() && !token.path("revokedAt").isMissingNode()));
        }
        return tokens;
    }

    /** Revokes a token; a token the runtime no longer knows counts as revoked. */
    public void revokeToken(String baseUrl, String adminToken, String id) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1/tokens/" + encode(id)))
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + adminToken)
                .DELETE().build());
        if (response.statusCode() != 204 && response.statusCode() != 404) {
            throw new AdminApiException("revoking token " + id + " answered " + response.statusCode());
        }
    }

    /**
     * When something was last pushed into {@code repository} after {@code since}, from the runtime's audit log (every
     * format records an allowed {@code write} there); empty when nothing was. Reads the newest entries only: a push
     * hidden behind many newer non-push entries is found by the next poll's newer push, or by the schedule.
     */
    public Optional<java.time.Instant> latestPush(String baseUrl, String adminToken, String repository, java.time.Instant since) {
        JsonNode body = expect(send(get(baseUrl + "/api/v1/audit?repository=" + encode(repository) + "&outcome=allowed&limit=100&since="
                + encode(since.toString()), adminToken)), 200);
        for (JsonNode entry : body) {
            if ("write".equals(entry.path("action").asText()) && entry.hasNonNull("at")) {
                return Optional.of(java.time.Instant.parse(entry.path("at").asText()));
            }
        }
        return Optional.empty();
    }

    /** POSTs a JSON body to an admin path and answers the JSON reply; {@code timeout} bounds long runs. */
    public JsonNode post(String baseUrl, String adminToken, String path, JsonNode body, Duration timeout) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(timeout)
                .header("Authorization", "Bearer " + adminToken)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build());
        return expect(response, 200);
    }

    /** POSTs an object as JSON to an admin endpoint (e.g. /api/v1/promotions) and returns the 200 answer. */
    public JsonNode postJson(String baseUrl, String adminToken, String path, Object body) {
        return post(baseUrl, adminToken, path, JSON.valueToTree(body), Duration.ofMinutes(5));
    }

    /** A path segment, URL-encoded. */
    public static String segment(String s) {
        return encode(s);
    }

    private static Figures figures(JsonNode node) {
        return new Figures(node.path("requests").asLong(), node.path("failures").asLong(), node.path("p95Millis").asLong(-1));
    }

    private static HttpRequest get(String url, String adminToken) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + adminToken).GET().build();
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AdminApiException(request.uri().getHost() + ":" + request.uri().getPort() + " does not answer: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AdminApiException("interrupted");
        }
    }

    private static JsonNode expect(HttpResponse<String> response, int status) {
        if (response.statusCode() != status) {
            String body = response.body() == null ? "" : response.body();
            throw new AdminApiException(response.request().method() + " " + response.request().uri().getPath() + " answered "
                    + response.statusCode() + (body.isBlank() ? "" : ": " + body.substring(0, Math.min(300, body.length()))));
        }
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new AdminApiException("unreadable answer from " + response.request().uri().getPath());
        }
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
