package io.granary.registry.lifecycle.promotion;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.granary.registry.lifecycle.LifecycleRepositories;
import io.granary.registry.testsupport.GranaryTestResources;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Promotion end to end over HTTP on real PostgreSQL and a real blob store: images and Maven versions pushed
 * with their protocols, promoted through the admin API, then pulled from the target with the same digests.
 */
@QuarkusTest
@QuarkusTestResource(value = GranaryTestResources.class, restrictToAnnotatedClass = true)
class PromotionResourceTest {

    private static final String ADMIN = GranaryTestResources.ADMIN_TOKEN;
    private static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    private static final String COSIGN_SIG = "application/vnd.dev.cosign.artifact.sig.v1+json";

    @BeforeAll
    static void repositories() throws Exception {
        java.nio.file.Files.writeString(GranaryTestResources.catalogDir().resolve("promotion-quota.yaml"), """
                apiVersion: granary.io/v1alpha1
                kind: Repository
                metadata: {name: promo-maven-small}
                spec: {format: maven, type: hosted, storage: {quota: 3Ki}}
                """);
        LifecycleRepositories.declare("promotion-repositories.yaml", Map.of("promo-oci-staging", "oci", "promo-oci-release", "oci",
                "promo-maven-staging", "maven", "promo-maven-release", "maven", "promo-files-staging", "generic",
                "promo-files-release", "generic"));
    }

    static String sha256(byte[] bytes) throws Exception {
        return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String pushBlob(String name, byte[] content) throws Exception {
        String digest = sha256(content);
        given().auth().oauth2(ADMIN).contentType("application/octet-stream").body(content)
                .post("/v2/" + name + "/blobs/uploads/?digest=" + digest).then().statusCode(201);
        return digest;
    }

    private static String pushManifest(String name, String reference, byte[] manifest) throws Exception {
        given().urlEncodingEnabled(false).auth().oauth2(ADMIN).contentType(OCI_MANIFEST).body(manifest)
                .put("/v2/" + name + "/manifests/" + reference).then().log().ifValidationFails().statusCode(201);
        return sha256(manifest);
    }

    /** An image manifest with fresh config and layer blobs. */
    private static byte[] image(String name) throws Exception {
        byte[] config = bytes("{\"architecture\":\"amd64\",\"os\":\"linux\",\"n\":\"" + UUID.randomUUID() + "\"}");
        byte[] layer = new byte[4096];
        new Random().nextBytes(layer);
        return bytes("{\"schemaVersion\":2,\"mediaType\":\"" + OCI_MANIFEST + "\",\"config\":{\"mediaType\":"
                + "\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + pushBlob(name, config) + "\",\"size\":"
                + config.length + "},\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar\",\"digest\":\""
                + pushBlob(name, layer) + "\",\"size\":" + layer.length + "}]}");
    }

    /** A cosign-style signature: an artifact manifest whose subject is the image. */
    private static String sign(String name, String subject, int subjectSize) throws Exception {
        byte[] empty = bytes("{}");
        byte[] signature = bytes("{\"critical\":{\"image\":{\"docker-manifest-digest\":\"" + subject + "\"}}}");
        byte[] manifest = bytes("{\"schemaVersion\":2,\"mediaType\":\"" + OCI_MANIFEST + "\",\"artifactType\":\"" + COSIGN_SIG
                + "\",\"config\":{\"mediaType\":\"application/vnd.oci.empty.v1+json\",\"digest\":\"" + pushBlob(name, empty)
                + "\",\"size\":2},\"layers\":[{\"mediaType\":\"application/vnd.dev.cosign.simplesigning.v1+json\",\"digest\":\""
                + pushBlob(name, signature) + "\",\"size\":" + signature.length + "}],\"subject\":{\"mediaType\":\""
                + OCI_MANIFEST + "\",\"digest\":\"" + subject + "\",\"size\":" + subjectSize + "}}");
        return pushManifest(name, sha256(manifest), manifest);
    }

    private static Response promote(String rule, Map<String, Object> spec) {
        return given().auth().oauth2(ADMIN).contentType("application/json").body(Map.of("rule", rule, "spec", spec))
                .post("/api/v1/promotions");
    }

    /**
     * A cosign simple-signing signature made as {@code cosign sign --key} makes it: the payload names
     * {@code signedDigest}, the layer's annotation is the base64 ECDSA P-256/SHA-256 signature over the payload.
     * Pushed as a referrer of {@code subject}, or (legacy) under the {@code sha256-<hex>.sig} tag.
     */
    private static String cosignSign(String name, String subject, int subjectSize, String signedDigest, PrivateKey key,
                                      boolean legacyTag) throws Exception {
        byte[] payload = bytes("{\"critical\":{\"identity\":{\"docker-reference\":\"" + name + "\"},\"image\":{"
                + "\"docker-manifest-digest\":\"" + signedDigest + "\"},\"type\":\"cosign container image signature\"},"
                + "\"optional\":null}");
        Signature signer = Signature.getInstance("SHA256withECDSA");
        signer.initSign(key);
        signer.update(payload);
        String signature = Base64.getEncoder().encodeToString(signer.sign());
        byte[] config = bytes("{}");
        String layer = "{\"mediaType\":\"application/vnd.dev.cosign.simplesigning.v1+json\",\"digest\":\""
                + pushBlob(name, payload) + "\",\"size\":" + payload.length + ",\"annotations\":{"
                + "\"dev.cosignproject.cosign/signature\":\"" + signature + "\"}}";
        String tail = legacyTag ? "" : ",\"subject\":{\"mediaType\":\"" + OCI_MANIFEST + "\",\"digest\":\"" + subject
                + "\",\"size\":" + subjectSize + "}";
        byte[] manifest = bytes("{\"schemaVersion\":2,\"mediaType\":\"" + OCI_MANIFEST + "\""
                + (legacyTag ? "" : ",\"artifactType\":\"" + COSIGN_SIG + "\"")
                + ",\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\""
                + pushBlob(name, config) + "\",\"size\":2},\"layers\":[" + layer + "]" + tail + "}");
        return pushManifest(name, legacyTag ? subject.replace(':', '-') + ".sig" : sha256(manifest), manifest);
    }

    private static String pem(PublicKey key) {
        return "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(key.getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
    }

    private static KeyPair p256() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    @Test
    void cosignSignaturesAreVerifiedAgainstTheRulesPublicKey() throws Exception {
        LifecycleRepositories.awaitServed("promo-oci-staging", "promo-oci-release");
        KeyPair release = p256();
        KeyPair stranger = p256();
        String app = "verified-" + UUID.randomUUID().toString().substring(0, 8);
        String staged = "promo-oci-staging/" + app;
        byte[] good = image(staged);
        String goodDigest = pushManifest(staged, "1.0", good);
        cosignSign(staged, goodDigest, good.length, goodDigest, release.getPrivate(), false);
        byte[] foreign = image(staged);
        String foreignDigest = pushManifest(staged, "1.1", foreign);
        cosignSign(staged, foreignDigest, foreign.length, foreignDigest, stranger.getPrivate(), true);
        byte[] replayed = image(staged);
        String replayedDigest = pushManifest(staged, "1.2", replayed);
        // A valid signature of the release key, but over a payload naming another image.
        cosignSign(staged, replayedDigest, replayed.length, goodDigest, release.getPrivate(), false);

        Map<String, Object> spec = Map.of("from", "promo-oci-staging", "to", "promo-oci-release",
                "artifacts", List.of(Map.of("name", app, "version", "1.0"), Map.of("name", app, "version", "1.1"),
                        Map.of("name", app, "version", "1.2")), "gates", SIGNATURE_GATE);
        JsonPath report = given().auth().oauth2(ADMIN).contentType("application/json")
                .body(Map.of("rule", "verified", "spec", spec, "publicKey", pem(release.getPublic())))
                .post("/api/v1/promotions").then().statusCode(200).extract().jsonPath();
        assertThat(report.getList("promoted.version")).containsExactly("1.0");
        assertThat(report.getList("blocked.version")).containsExactly("1.1", "1.2");
        assertThat(report.getList("blocked.gate")).containsOnly("signature");
        assertThat(report.getString("blocked[0].message")).contains("does not verify against the public key");
        assertThat(report.getString("blocked[1].message")).contains("is for " + goodDigest + ", not " + replayedDigest);
        given().auth().oauth2(ADMIN).accept(OCI_MANIFEST).get("/v2/promo-oci-release/" + app + "/manifests/1.0").then().statusCode(200);
        given().auth().oauth2(ADMIN).accept(OCI_MANIFEST).get("/v2/promo-oci-release/" + app + "/manifests/1.1").then().statusCode(404);

        // A key that is not a PEM public key is refused before anything runs.
        given().auth().oauth2(ADMIN).contentType("application/json")
                .body(Map.of("rule", "verified", "spec", spec, "publicKey", "-----BEGIN PUBLIC KEY-----\nnot a key\n"))
                .post("/api/v1/promotions").then().statusCode(400);
    }

    private static final Map<String, Object> SIGNATURE_GATE = Map.of("signature",
            Map.of("publicKeySecretRef", Map.of("name", "keys", "key", "cosign.pub")));

    @Test
    void signedImageIsPromotedWithItsSignatureAndUnsignedOneIsBlocked() throws Exception {
        LifecycleRepositories.awaitServed("promo-oci-staging", "promo-oci-release");
        String app = "app-" + UUID.randomUUID().toString().substring(0, 8);
        String staged = "promo-oci-staging/" + app;
        byte[] signedManifest = image(staged);
        String signed = pushManifest(staged, "1.4.2", signedManifest);
        String signatureDigest = sign(staged, signed, signedManifest.length);
        String unsigned = pushManifest(staged, "1.4.3", image(staged));

        Map<String, Object> spec = Map.of("from", "promo-oci-staging", "to", "promo-oci-release", "mode", "copy",
                "artifacts", List.of(Map.of("name", app, "version", "1.4.2"), Map.of("name", app, "version", "1.4.3")),
                "gates", SIGNATURE_GATE);
        JsonPath first = promote("release", spec).then().statusCode(200).extract().jsonPath();
        assertThat(first.getInt("copied")).isEqualTo(1);
        assertThat(first.getList("promoted.version")).containsExactly("1.4.2");
        assertThat(first.getString("promoted[0].digest")).isEqualTo(signed);
        assertThat(first.getList("blocked.version")).containsExactly("1.4.3");
        assertThat(first.getString("blocked[0].gate")).isEqualTo("signature");
        assertThat(first.getString("blocked[0].digest")).isEqualTo(unsigned);
        assertThat(first.getString("blocked[0].message")).contains("no signature");

        // The target serves the same manifest bytes, its blobs and its signature.
        String released = "promo-oci-release/" + app;
        Response pulled = given().auth().oauth2(ADMIN).accept(OCI_MANIFEST).get("/v2/" + released + "/manifests/1.4.2");
        assertThat(pulled.statusCode()).isEqualTo(200);
        assertThat(pulled.asByteArray()).isEqualTo(signedManifest);
        assertThat(pulled.header("Docker-Content-Digest")).isEqualTo(signed);
        String layer = JsonPath.from(new String(signedManifest, StandardCharsets.UTF_8)).getString("layers[0].digest");
        Response blob = given().urlEncodingEnabled(false).auth().oauth2(ADMIN).get("/v2/" + released + "/blobs/" + layer);
        assertThat(blob.statusCode()).isEqualTo(200);
        assertThat(sha256(blob.asByteArray())).isEqualTo(layer);
        JsonPath referrers = given().urlEncodingEnabled(false).auth().oauth2(ADMIN).get("/v2/" + released + "/referrers/" + signed)
                .then().statusCode(200).extract().jsonPath();
        assertThat(referrers.getList("manifests.digest")).containsExactly(signatureDigest);
        given().auth().oauth2(ADMIN).get("/v2/" + released + "/manifests/1.4.3").then().statusCode(404);

        // Re-applying changes nothing: same report, nothing copied.
        JsonPath again = promote("release", spec).then().statusCode(200).extract().jsonPath();
        assertThat(again.getInt("copied")).isZero();
        assertThat(again.getList("promoted")).isEqualTo(first.getList("promoted"));
        assertThat(again.getList("blocked")).isEqualTo(first.getList("blocked"));

        // The promoted tag is immutable in the target.
        byte[] other = image(released);
        given().auth().oauth2(ADMIN).contentType(OCI_MANIFEST).body(other).put("/v2/" + released + "/manifests/1.4.2")
                .then().statusCode(403);
        assertThat(given().auth().oauth2(ADMIN).accept(OCI_MANIFEST).get("/v2/" + released + "/manifests/1.4.2")
                .header("Docker-Content-Digest")).isEqualTo(signed);
    }

    @Test
    void signedMavenReleaseIsMovedWithIdenticalChecksumsAndMetadata() throws Exception {
        LifecycleRepositories.awaitServed("promo-maven-staging", "promo-maven-release");
        String artifact = "lib" + UUID.randomUUID().toString().substring(0, 6);
        String folder = "com/acme/" + artifact + "/";
        byte[] jar = new byte[2048];
        new Random().nextBytes(jar);
        byte[] pom = bytes("<project><modelVersion>4.0.0</modelVersion><groupId>com.acme</groupId><artifactId>" + artifact
                + "</artifactId><version>2.0</version></project>");
        mavenPut("promo-maven-staging", folder + "2.0/" + artifact + "-2.0.jar", jar);
        mavenPut("promo-maven-staging", folder + "2.0/" + artifact + "-2.0.pom", pom);
        mavenPut("promo-maven-staging", folder + "2.0/" + artifact + "-2.0.jar.asc", bytes("-----BEGIN PGP SIGNATURE-----\n"));
        mavenPut("promo-maven-staging", folder + "2.1/" + artifact + "-2.1.jar", jar);

        String name = "com.acme:" + artifact;
        JsonPath report = promote("maven-release", Map.of("from", "promo-maven-staging", "to", "promo-maven-release",
                "mode", "move", "artifacts", List.of(Map.of("name", name, "version", "2.0"), Map.of("name", name, "version", "2.1"),
                        Map.of("name", name, "version", "9.9")), "gates", SIGNATURE_GATE))
                .then().statusCode(200).extract().jsonPath();
        assertThat(report.getList("promoted.version")).containsExactly("2.0");
        assertThat(report.getString("promoted[0].digest")).isEqualTo(sha256(jar));
        assertThat(report.getList("blocked.version")).containsExactly("2.1", "9.9");
        assertThat(report.getList("blocked.gate")).containsExactly("signature", "notFound");

        Response got = given().auth().oauth2(ADMIN).get("/maven/promo-maven-release/" + folder + "2.0/" + artifact + "-2.0.jar");
        assertThat(got.statusCode()).isEqualTo(200);
        assertThat(got.asByteArray()).isEqualTo(jar);
        String sha1 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(jar));
        assertThat(given().auth().oauth2(ADMIN).get("/maven/promo-maven-release/" + folder + "2.0/" + artifact + "-2.0.jar.sha1")
                .asString().strip()).startsWith(sha1);
        given().auth().oauth2(ADMIN).get("/maven/promo-maven-release/" + folder + "2.0/" + artifact + "-2.0.jar.asc")
                .then().statusCode(200);
        // The target's metadata is rendered from what it now holds.
        String metadata = given().auth().oauth2(ADMIN).get("/maven/promo-maven-release/" + folder + "maven-metadata.xml").asString();
        assertThat(metadata).contains("<version>2.0</version>").doesNotContain("2.1");
        // Move: gone from the source; the blocked version stays there.
        given().auth().oauth2(ADMIN).get("/maven/promo-maven-staging/" + folder + "2.0/" + artifact + "-2.0.jar").then().statusCode(404);
        given().auth().oauth2(ADMIN).get("/maven/promo-maven-staging/" + folder + "2.1/" + artifact + "-2.1.jar").then().statusCode(200);
    }

    @Test
    void aVersionThatWouldExceedTheTargetsQuotaIsBlockedWithNoFileWritten() throws Exception {
        LifecycleRepositories.awaitServed("promo-maven-staging", "promo-maven-small");
        String artifact = "big" + UUID.randomUUID().toString().substring(0, 6);
        String folder = "com/acme/" + artifact + "/";
        for (String version : List.of("1.0", "1.1")) {
            byte[] jar = new byte[2048];
            new Random().nextBytes(jar);
            mavenPut("promo-maven-staging", folder + version + "/" + artifact + "-" + version + ".jar", jar);
            mavenPut("promo-maven-staging", folder + version + "/" + artifact + "-" + version + ".pom", bytes("<project/>"));
        }
        String name = "com.acme:" + artifact;
        JsonPath report = promote("small", Map.of("from", "promo-maven-staging", "to", "promo-maven-small",
                "artifacts", List.of(Map.of("name", name, "version", "1.0"), Map.of("name", name, "version", "1.1"))))
                .then().statusCode(200).extract().jsonPath();
        assertThat(report.getList("promoted.version")).containsExactly("1.0");
        assertThat(report.getList("blocked.version")).containsExactly("1.1");
        assertThat(report.getString("blocked[0].gate")).isEqualTo("quota");
        assertThat(report.getString("blocked[0].message")).contains("2058 bytes").contains("quota of 3072 bytes");
        // Neither the jar nor the small pom of the blocked version reached the target.
        for (String file : List.of(".jar", ".pom")) {
            given().auth().oauth2(ADMIN).get("/maven/promo-maven-small/" + folder + "1.1/" + artifact + "-1.1" + file)
                    .then().statusCode(404);
        }
        given().auth().oauth2(ADMIN).get("/maven/promo-maven-small/" + folder + "1.0/" + artifact + "-1.0.jar").then().statusCode(200);
    }

    @Test
    void selectorPromotesMatchingVersionsAndPromotedFilesCannotBeOverwritten() throws Exception {
        LifecycleRepositories.awaitServed("promo-files-staging", "promo-files-release");
        String tool = "tools/cli-" + UUID.randomUUID().toString().substring(0, 6);
        given().auth().oauth2(ADMIN).body(bytes("one")).put("/generic/promo-files-staging/" + tool + "/1.0/cli.bin").then().statusCode(201);
        given().auth().oauth2(ADMIN).body(bytes("snap")).put("/generic/promo-files-staging/" + tool + "/1.1-SNAPSHOT/cli.bin").then().statusCode(201);
        JsonPath report = promote("tools", Map.of("from", "promo-files-staging", "to", "promo-files-release",
                "selector", Map.of("names", List.of(tool), "exclude", List.of("*-SNAPSHOT"))))
                .then().statusCode(200).extract().jsonPath();
        assertThat(report.getList("promoted.version")).containsExactly("1.0");
        assertThat(given().auth().oauth2(ADMIN).get("/generic/promo-files-release/" + tool + "/1.0/cli.bin").asString()).isEqualTo("one");
        given().auth().oauth2(ADMIN).get("/generic/promo-files-release/" + tool + "/1.1-SNAPSHOT/cli.bin").then().statusCode(404);
        // The generic release repository is mutable, but a promoted file is not.
        int status = given().auth().oauth2(ADMIN).body(bytes("two")).put("/generic/promo-files-release/" + tool + "/1.0/cli.bin").statusCode();
        assertThat(status).isEqualTo(409);
        assertThat(given().auth().oauth2(ADMIN).get("/generic/promo-files-release/" + tool + "/1.0/cli.bin").asString()).isEqualTo("one");
    }

    @Test
    void badRequestsAreRefusedInTheApiFormat() throws Exception {
        LifecycleRepositories.awaitServed("promo-files-staging", "promo-files-release", "promo-oci-release");
        promote("x", Map.of("from", "promo-files-staging", "to", "promo-files-release",
                "artifacts", List.of(Map.of("name", "a", "version", "1")), "selector", Map.of()))
                .then().statusCode(400);
        promote("x", Map.of("from", "promo-files-staging", "to", "promo-oci-release",
                "artifacts", List.of(Map.of("name", "a", "version", "1"))))
                .then().statusCode(400);
        promote("x", Map.of("from", "nope", "to", "promo-files-release",
                "artifacts", List.of(Map.of("name", "a", "version", "1"))))
                .then().statusCode(404);
        given().contentType("application/json").body(Map.of("rule", "x", "spec", Map.of("from", "promo-files-staging",
                        "to", "promo-files-release", "artifacts", List.of(Map.of("name", "a", "version", "1")))))
                .post("/api/v1/promotions").then().statusCode(401);
    }

    private static void mavenPut(String repo, String path, byte[] body) {
        given().auth().preemptive().basic("deployer", ADMIN).body(body).put("/maven/" + repo + "/" + path).then().statusCode(201);
    }
}
