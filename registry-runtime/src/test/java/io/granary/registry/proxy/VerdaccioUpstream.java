package io.granary.registry.proxy;

import io.granary.registry.testsupport.ClientTools;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;

/**
 * A real Verdaccio (cached by .ci/install-tools.sh) on 127.0.0.1 with no uplinks, where reads and
 * publishes need a login: the npm upstream of proxy tests.
 */
public final class VerdaccioUpstream implements AutoCloseable {

    private final Path base;
    private final int port;
    private final HttpClient http = HttpClient.newHttpClient();
    private Process process;
    private String token;

    public VerdaccioUpstream() throws IOException {
        base = Files.createTempDirectory("granary-proxy-verdaccio");
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        Files.writeString(base.resolve("config.yaml"), """
                storage: %1$s/storage
                auth:
                  htpasswd: {file: %1$s/htpasswd, max_users: 10}
                uplinks: {}
                packages:
                  '**': {access: $authenticated, publish: $authenticated, unpublish: $authenticated}
                web: {enable: false}
                security:
                  api: {legacy: false, jwt: {sign: {expiresIn: 1d}}}
                log: {type: stdout, format: pretty, level: warn}
                """.formatted(base));
    }

    public VerdaccioUpstream start() throws Exception {
        Path bin = ClientTools.require("verdaccio/node_modules/.bin/verdaccio");
        process = new ProcessBuilder(bin.toString(), "--config", base.resolve("config.yaml").toString(), "--listen",
                "127.0.0.1:" + port).redirectErrorStream(true).redirectOutput(base.resolve("verdaccio.log").toFile()).start();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (http.send(HttpRequest.newBuilder(URI.create(url() + "-/ping")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return this;
                }
            } catch (IOException notYet) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("verdaccio exited: " + Files.readString(base.resolve("verdaccio.log")));
                }
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("verdaccio did not start within 60s");
    }

    /** Creates the user the tests log in as, once; returns its token. */
    public String token() throws Exception {
        if (token == null) {
            String body = new JsonObject().put("_id", "org.couchdb.user:proxy").put("name", "proxy")
                    .put("password", "proxy-password-0123").put("type", "user").encode();
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url() + "-/user/org.couchdb.user:proxy"))
                    .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            token = new JsonObject(response.body()).getString("token");
        }
        return token;
    }

    /** Publishes {@code name@version} with the tarball given, as {@code npm publish} sends it. */
    public void publish(String name, String version, byte[] tgz) throws Exception {
        String file = name + "-" + version + ".tgz";
        JsonObject dist = new JsonObject()
                .put("integrity", "sha512-" + Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-512").digest(tgz)))
                .put("shasum", HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(tgz)))
                .put("tarball", url() + name + "/-/" + file);
        JsonObject doc = new JsonObject().put("_id", name).put("name", name)
                .put("dist-tags", new JsonObject().put("latest", version))
                .put("versions", new JsonObject().put(version, new JsonObject().put("name", name).put("version", version)
                        .put("_id", name + "@" + version).put("dist", dist)))
                .put("_attachments", new JsonObject().put(file, new JsonObject().put("content_type", "application/octet-stream")
                        .put("data", Base64.getEncoder().encodeToString(tgz)).put("length", tgz.length)));
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url() + name))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + token())
                .PUT(HttpRequest.BodyPublishers.ofString(doc.encode())).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException("publish of " + name + "@" + version + ": " + response.statusCode() + " " + response.body());
        }
    }

    public String url() {
        return "http://127.0.0.1:" + port + "/";
    }

    public void stop() {
        UpstreamProcess.stop(process);
        process = null;
    }

    @Override
    public void close() {
        stop();
    }
}
