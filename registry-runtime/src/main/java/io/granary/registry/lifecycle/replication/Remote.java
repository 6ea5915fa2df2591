package io.granary.registry.lifecycle.replication;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
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

    private static final int CONNECT_TIMEOUT_MS = 10_000;
    /** A stalled peer fails the item (and it is retried) rather than hanging the run. */
    private static final int READ_TIMEOUT_MS = 5 * 60_000;

    private final HttpClient http;
    private final ReplicateOptions.Endpoint endpoint;

    Remote(HttpClient http, ReplicateOptions.Endpoint endpoint) {
        this.http = http;
        this.endpoint = endpoint;
    }

    String repository() {
        return endpoint.repository();
    }

    URI uri(String path) {
        return URI.create(endpoint.url() + path);
    }

    /** The Authorization header value of this side, if it has credentials. */
    java.util.Optional<String> authorization() {
        return endpoint.authorization();
    }

    HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofMinutes(30));
        endpoint.authorization().ifPresent(a -> b.header("Authorization", a));
        return b;
    }

    <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) throws IOException, InterruptedException {
        return http.send(request, handler);
    }

    /** The status of a body-less request such as a HEAD. */
    int status(String method, String path) throws IOException {
        HttpURLConnection c = connect(path, method);
        try {
            return c.getResponseCode();
        } finally {
            release(c);
        }
    }

    /** Closes the answer's (empty) body, which returns the connection to the JDK's keep-alive cache. */
    private static void release(HttpURLConnection c) throws IOException {
        InputStream body = c.getResponseCode() >= 400 ? c.getErrorStream() : c.getInputStream();
        if (body != null) {
            body.close();
        }
    }

    /**
     * A blocking connection to this side with its credentials, for bodies streamed through {@link Transfer} and for
     * HEADs: in a side measurement the java.net.http client spent about a second on each HEAD of a 256 MiB file (and
     * 0.07 s on a listing), which an incremental run over many files would pay per file. Redirects are not followed:
     * one could lead past the address check.
     */
    HttpURLConnection connect(String path, String method) throws IOException {
        HttpURLConnection c = (HttpURLConnection) uri(path).toURL().openConnection();
        c.setInstanceFollowRedirects(false);
        c.setConnectTimeout(CONNECT_TIMEOUT_MS);
        c.setReadTimeout(READ_TIMEOUT_MS);
        c.setUseCaches(false);
        c.setRequestMethod(method);
        endpoint.authorization().ifPresent(a -> c.setRequestProperty("Authorization", a));
        return c;
    }

    /**
     * The sha256 hex this side reports for a stored file (its {@code X-Checksum-Sha256} on HEAD), null when it
     * holds no such file. Every Granary format serves stored files with that header.
     */
    String sha256(String path) throws IOException {
        HttpURLConnection c = connect(path, "HEAD");
        try {
            int status = c.getResponseCode();
            if (status == 404) {
                return null;
            }
            if (status != 200) {
                throw new UnexpectedAnswer("HEAD " + path + " at " + endpoint.url().getHost() + ":" + endpoint.url().getPort()
                        + " answered " + status);
            }
            String sha256 = c.getHeaderField("X-Checksum-Sha256");
            return sha256 == null ? "" : sha256;
        } finally {
            release(c);
        }
    }

    /** A small body read whole (an npm tarball, a manifest); throws unless 200. */
    byte[] bytes(String path) throws IOException, InterruptedException {
        HttpResponse<byte[]> r = http.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        expect(r, 200, "GET " + path);
        return r.body();
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

    /**
     * A small write through this side's API: {@code body} goes as JSON (nothing when null); throws unless the answer
     * is one of {@code accepted}, and answers the status.
     */
    int call(String method, String path, Object body, String what, int... accepted) throws IOException, InterruptedException {
        HttpRequest.Builder b = request(path);
        if (body == null) {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
        }
        HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        for (int ok : accepted) {
            if (r.statusCode() == ok) {
                return ok;
            }
        }
        expect(r, accepted[0], what);
        return r.statusCode();
    }

    void expect(HttpResponse<?> r, int status, String what) throws UnexpectedAnswer {
        if (r.statusCode() != status) {
            String body = r.body() instanceof byte[] bytes ? new String(bytes, java.nio.charset.StandardCharsets.UTF_8) : "";
            throw new UnexpectedAnswer(what + " at " + endpoint.url().getHost() + ":" + endpoint.url().getPort() + " answered "
                    + r.statusCode() + (body.isBlank() ? "" : ": " + body.substring(0, Math.min(200, body.length()))));
        }
    }

    /** Where a format serves a file of this side's repository: {@code /<format>/<repository>/<path, encoded>}. */
    String path(String format, String repositoryPath) {
        return "/" + format + "/" + repository() + "/" + encodePath(repositoryPath);
    }

    /** A repository path as a URL path: each segment percent-encoded, the slashes kept. */
    private static String encodePath(String path) {
        StringBuilder out = new StringBuilder();
        for (String segment : path.split("/", -1)) {
            if (!out.isEmpty() || path.startsWith("/")) {
                out.append('/');
            }
            out.append(segment(segment));
        }
        return out.toString();
    }

    /** One URL path segment, percent-encoded. */
    static String segment(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
