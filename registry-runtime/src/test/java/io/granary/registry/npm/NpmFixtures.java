package io.granary.registry.npm;

import static io.restassured.RestAssured.given;

import io.restassured.response.Response;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.zip.GZIPOutputStream;

/** Publish documents shaped like the ones npm sends, for tests that speak the protocol by hand. */
public final class NpmFixtures {

    private NpmFixtures() {
    }

    /** A gzip file standing in for a package tarball (the server checks gzip, not tar). */
    static byte[] tarball(String name, String version) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
            gzip.write(("package/package.json {\"name\":\"" + name + "\",\"version\":\"" + version + "\"}")
                    .getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static String integrity(byte[] bytes) {
        return "sha512-" + Base64.getEncoder().encodeToString(digest("SHA-512", bytes));
    }

    static String shasum(byte[] bytes) {
        return HexFormat.of().formatHex(digest("SHA-1", bytes));
    }

    /** The document {@code npm publish} sends for one version, tagged {@code tag}. */
    public static JsonObject publishDocument(String name, String version, byte[] tarball, String tag) {
        String file = (name.contains("/") ? name.substring(name.indexOf('/') + 1) : name) + "-" + version + ".tgz";
        JsonObject manifest = new JsonObject()
                .put("name", name)
                .put("version", version)
                .put("description", "test package " + name)
                .put("main", "index.js")
                .put("dependencies", new JsonObject())
                .put("readme", "# " + name)
                .put("_id", name + "@" + version)
                .put("dist", new JsonObject()
                        .put("integrity", integrity(tarball))
                        .put("shasum", shasum(tarball))
                        .put("tarball", "http://example.invalid/" + name + "/-/" + file));
        return new JsonObject()
                .put("_id", name)
                .put("name", name)
                .put("description", "test package " + name)
                .put("dist-tags", new JsonObject().put(tag, version))
                .put("versions", new JsonObject().put(version, manifest))
                .put("access", (Object) null)
                .put("_attachments", new JsonObject().put(file, new JsonObject()
                        .put("content_type", "application/octet-stream")
                        .put("data", Base64.getEncoder().encodeToString(tarball))
                        .put("length", tarball.length)));
    }

    /** The URL path npm uses for a package: the scope's slash escaped. */
    static String escaped(String name) {
        return name.replace("/", "%2f");
    }

    public static Response put(String token, String repository, String name, JsonObject document) {
        return given().auth().oauth2(token).contentType("application/json").body(document.encode())
                .urlEncodingEnabled(false)
                .put("/npm/" + repository + "/" + escaped(name));
    }

    public static Response publish(String token, String repository, String name, String version, String tag) {
        return put(token, repository, name, publishDocument(name, version, tarball(name, version), tag));
    }

    private static byte[] digest(String algorithm, byte[] bytes) {
        try {
            return MessageDigest.getInstance(algorithm).digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
