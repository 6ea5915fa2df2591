package io.granary.registry.oci;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;

/** A plain HTTP client for registry tests: sends exactly the bytes and headers given. */
final class OciHttp {

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final URI base;
    private String authorization;

    OciHttp(URI base, String authorization) {
        this.base = base;
        this.authorization = authorization;
    }

    OciHttp as(String newAuthorization) {
        return new OciHttp(base, newAuthorization);
    }

    static String bearer(String token) {
        return "Bearer " + token;
    }

    HttpResponse<byte[]> send(String method, String path, byte[] body, String... headers) throws IOException,
            InterruptedException {
        URI uri = path.startsWith("http") ? URI.create(path) : base.resolve(path);
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        for (int i = 0; i + 1 < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    HttpResponse<byte[]> get(String path, String... headers) throws Exception {
        return send("GET", path, null, headers);
    }

    /** Pushes a blob in one POST with its digest; returns the digest. */
    String pushBlob(String name, byte[] content) throws Exception {
        String digest = digest(content);
        var r = send("POST", "/v2/" + name + "/blobs/uploads/?digest=" + digest, content,
                "Content-Type", "application/octet-stream");
        if (r.statusCode() != 201) {
            throw new AssertionError("blob push answered " + r.statusCode() + ": " + text(r));
        }
        return digest;
    }

    /** Pushes a manifest; returns the response. */
    HttpResponse<byte[]> putManifest(String name, String reference, String mediaType, byte[] body) throws Exception {
        return send("PUT", "/v2/" + name + "/manifests/" + reference, body, "Content-Type", mediaType);
    }

    static String digest(byte[] content) throws Exception {
        return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    }

    static String text(HttpResponse<byte[]> r) {
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
