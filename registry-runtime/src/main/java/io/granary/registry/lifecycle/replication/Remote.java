package io.granary.registry.lifecycle.replication;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** One side of a replication over its format's own HTTP API: requests carry the side's credentials. */
final class Remote {

    static final ObjectMapper JSON = new ObjectMapper();

    /** An answer the replication did not expect; says which request, never the credentials. */
    static final class UnexpectedAnswer extends IOException {
        UnexpectedAnswer(String message) {
            super(message);
        }
    }

    private final HttpClient http;
    private final ReplicateOptions.Endpoint endpoint;

    Remote(HttpClient http, ReplicateOptions.Endpoint endpoint) {
        this.http = http;
        this.endpoint = endpoint;
    }

    String repository() {
        return endpoint.repository();
    }

    HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(endpoint.url() + path)).timeout(Duration.ofMinutes(30));
        endpoint.authorization().ifPresent(a -> b.header("Authorization", a));
        return b;
    }

    <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) throws IOException, InterruptedException {
        return http.send(request, handler);
    }

    int status(String method, String path, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder b = request(path).method(method, HttpRequest.BodyPublishers.noBody());
        for (int i = 0; i + 1 < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    JsonNode json(String path, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder b = request(path).GET();
        for (int i = 0; i + 1 < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() == 404) {
            return null;
        }
        expect(r, 200, "GET " + path);
        return JSON.readTree(r.body());
    }

    HttpResponse<InputStream> stream(String path, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder b = request(path).GET();
        for (int i = 0; i + 1 < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        HttpResponse<InputStream> r = http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
        if (r.statusCode() != 200) {
            r.body().close();
            throw new UnexpectedAnswer("GET " + endpoint.url().getHost() + path + " answered " + r.statusCode());
        }
        return r;
    }

    void expect(HttpResponse<?> r, int status, String what) throws UnexpectedAnswer {
        if (r.statusCode() != status) {
            String body = r.body() instanceof byte[] bytes ? new String(bytes, java.nio.charset.StandardCharsets.UTF_8) : "";
            throw new UnexpectedAnswer(what + " at " + endpoint.url().getHost() + ":" + endpoint.url().getPort() + " answered "
                    + r.statusCode() + (body.isBlank() ? "" : ": " + body.substring(0, Math.min(200, body.length()))));
        }
    }
}
