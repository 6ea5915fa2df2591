package io.granary.e2e.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.granary.api.v1alpha1.common.Condition;
import io.granary.api.v1alpha1.common.ConditionReasons;
import io.granary.api.v1alpha1.common.ConditionTypes;
import io.granary.api.v1alpha1.common.Conditions;
import io.granary.api.v1alpha1.common.SecretKeyReference;
import io.granary.api.v1alpha1.promotion.ArtifactReference;
import io.granary.api.v1alpha1.promotion.PromotionGateName;
import io.granary.api.v1alpha1.promotion.PromotionGates;
import io.granary.api.v1alpha1.promotion.PromotionRule;
import io.granary.api.v1alpha1.promotion.PromotionRuleSpec;
import io.granary.api.v1alpha1.promotion.SignatureGate;
import io.granary.api.v1alpha1.repository.RepositoryFormat;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PromotionRules applied on a real control plane: the operator runs them through the Registry's runtime, a signed
 * image (a cosign signature referrer pushed over the OCI API, verified against the key in the Secret the gate names)
 * and a signed Maven release reach the release repositories with the same digests, an unsigned image is blocked with
 * the signature gate in status.
 */
class PromotionFlowTest {

    static final String NS = "promotion";
    static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static LoopbackCluster cluster;
    static String base;
    static String token;
    /** The release key: its public half is the Secret the signature gate names, its private half signs in the test. */
    static KeyPair cosignKey;

    @BeforeAll
    static void start(@TempDir Path dir) throws Exception {
        cluster = new LoopbackCluster(NS, dir);
        cluster.registry("default");
        cluster.repository("images-staging", "default", RepositoryFormat.OCI);
        cluster.repository("images", "default", RepositoryFormat.OCI);
        cluster.repository("maven-staging", "default", RepositoryFormat.MAVEN);
        cluster.repository("maven-releases", "default", RepositoryFormat.MAVEN);
        base = cluster.node.url("default");
        token = cluster.adminToken("default");
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        cosignKey = generator.generateKeyPair();
        String pem = "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'})
                .encodeToString(cosignKey.getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----\n";
        cluster.client.resource(new SecretBuilder().withMetadata(new ObjectMetaBuilder().withName("cosign-key").withNamespace(NS)
                .build()).addToStringData("cosign.pub", pem).build()).create();
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void signedImageAndMavenReleaseArePromotedUnsignedImageIsBlocked() throws Exception {
        byte[] signedManifest = image("images-staging/myapp");
        String signed = putManifest("images-staging/myapp", "1.4.2", signedManifest);
        signatureFor("images-staging/myapp", signed, signedManifest.length);
        String unsigned = putManifest("images-staging/myapp", "1.4.3", image("images-staging/myapp"));

        byte[] jar = new byte[64 * 1024];
        new Random(3).nextBytes(jar);
        put("/maven/maven-staging/com/acme/service/2.0.0/service-2.0.0.jar", jar, "application/java-archive");
        put("/maven/maven-staging/com/acme/service/2.0.0/service-2.0.0.pom", bytes("<project><modelVersion>4.0.0</modelVersion>"
                + "<groupId>com.acme</groupId><artifactId>service</artifactId><version>2.0.0</version></project>"), "text/xml");
        put("/maven/maven-staging/com/acme/service/2.0.0/service-2.0.0.jar.asc", bytes("-----BEGIN PGP SIGNATURE-----\n"), "text/plain");

        cluster.client.resource(rule("images-release", "images-staging", "images",
                artifact("myapp", "1.4.2"), artifact("myapp", "1.4.3"))).create();
        cluster.client.resource(rule("maven-release", "maven-staging", "maven-releases",
                artifact("com.acme:service", "2.0.0"))).create();

        try {
            await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
                PromotionRule r = get("images-release");
                assertThat(r.getStatus().getPromoted()).singleElement().satisfies(p -> {
                    assertThat(p.getName()).isEqualTo("myapp");
                    assertThat(p.getVersion()).isEqualTo("1.4.2");
                    assertThat(p.getDigest()).isEqualTo(signed);
                });
                assertThat(r.getStatus().getBlocked()).singleElement().satisfies(b -> {
                    assertThat(b.getVersion()).isEqualTo("1.4.3");
                    assertThat(b.getDigest()).isEqualTo(unsigned);
                    assertThat(b.getGate()).isEqualTo(PromotionGateName.SIGNATURE);
                });
                assertThat(Conditions.find(r.getStatus().getConditions(), ConditionTypes.GATES_PASSING)).get().satisfies(c -> {
                    assertThat(c.getStatus()).isEqualTo(Condition.FALSE);
                    assertThat(c.getReason()).isEqualTo(ConditionReasons.GATE_FAILED);
                    assertThat(c.getMessage()).contains("myapp 1.4.3").contains("signature");
                });
                assertThat(Conditions.find(r.getStatus().getConditions(), ConditionTypes.PROMOTED)).get()
                        .extracting(Condition::getReason).isEqualTo(ConditionReasons.PROMOTION_PENDING);
                assertThat(Conditions.isTrue(r.getStatus().getConditions(), ConditionTypes.READY)).isFalse();
                assertThat(Conditions.isTrue(r.getStatus().getConditions(), ConditionTypes.STALLED)).isFalse();
            });
            await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
                PromotionRule r = get("maven-release");
                assertThat(r.getStatus().getPromoted()).singleElement().extracting(p -> p.getDigest()).isEqualTo(sha256(jar));
                assertThat(r.getStatus().getBlocked()).isEmpty();
                assertThat(Conditions.isTrue(r.getStatus().getConditions(), ConditionTypes.READY)).isTrue();
                assertThat(Conditions.isTrue(r.getStatus().getConditions(), ConditionTypes.PROMOTED)).isTrue();
                assertThat(Conditions.isTrue(r.getStatus().getConditions(), ConditionTypes.GATES_PASSING)).isTrue();
            });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError(cluster.client.getKubernetesSerialization().asYaml(get("images-release").getStatus())
                    + cluster.client.getKubernetesSerialization().asYaml(get("maven-release").getStatus()) + cluster.node.logs(), e);
        }

        // The release repositories serve the very same bytes.
        HttpResponse<byte[]> manifest = send("GET", "/v2/images/myapp/manifests/1.4.2", null, OCI_MANIFEST);
        assertThat(manifest.statusCode()).isEqualTo(200);
        assertThat(manifest.headers().firstValue("Docker-Content-Digest")).contains(signed);
        assertThat(send("GET", "/v2/images/myapp/manifests/1.4.3", null, OCI_MANIFEST).statusCode()).isEqualTo(404);
        HttpResponse<byte[]> released = send("GET", "/maven/maven-releases/com/acme/service/2.0.0/service-2.0.0.jar", null, null);
        assertThat(released.body()).isEqualTo(jar);

        // Status settles: another periodic run changes nothing.
        PromotionRule before = get("images-release");
        Thread.sleep(5000);
        PromotionRule after = get("images-release");
        assertThat(after.getMetadata().getResourceVersion())
                .as("status changed without cause:\n%s\n--- became ---\n%s",
                        cluster.client.getKubernetesSerialization().asYaml(before),
                        cluster.client.getKubernetesSerialization().asYaml(after))
                .isEqualTo(before.getMetadata().getResourceVersion());
    }

    private static PromotionRule get(String name) {
        return cluster.client.resources(PromotionRule.class).inNamespace(NS).withName(name).get();
    }

    private static ArtifactReference artifact(String name, String version) {
        ArtifactReference ref = new ArtifactReference();
        ref.setName(name);
        ref.setVersion(version);
        return ref;
    }

    private static PromotionRule rule(String name, String from, String to, ArtifactReference... artifacts) {
        PromotionRule rule = new PromotionRule();
        rule.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NS).build());
        PromotionRuleSpec spec = new PromotionRuleSpec();
        spec.setFrom(from);
        spec.setTo(to);
        spec.setArtifacts(List.of(artifacts));
        PromotionGates gates = new PromotionGates();
        SignatureGate signature = new SignatureGate();
        signature.setPublicKeySecretRef(new SecretKeyReference("cosign-key", "cosign.pub"));
        gates.setSignature(signature);
        spec.setGates(gates);
        rule.setSpec(spec);
        return rule;
    }

    private static byte[] image(String name) throws Exception {
        byte[] config = bytes("{\"architecture\":\"amd64\",\"os\":\"linux\",\"created\":\"" + System.nanoTime() + "\"}");
        byte[] layer = new byte[32 * 1024];
        new Random().nextBytes(layer);
        return bytes("{\"schemaVersion\":2,\"mediaType\":\"" + OCI_MANIFEST + "\",\"config\":{\"mediaType\":"
                + "\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + blob(name, config) + "\",\"size\":" + config.length
                + "},\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar\",\"digest\":\"" + blob(name, layer)
                + "\",\"size\":" + layer.length + "}]}");
    }

    /**
     * A cosign signature referrer (artifactType application/vnd.dev.cosign.artifact.sig.v1+json) as cosign makes it:
     * the simple-signing payload names the image, the layer annotation is the ECDSA signature over the payload.
     */
    private static void signatureFor(String name, String subject, int size) throws Exception {
        byte[] payload = bytes("{\"critical\":{\"identity\":{\"docker-reference\":\"" + name + "\"},\"image\":{"
                + "\"docker-manifest-digest\":\"" + subject + "\"},\"type\":\"cosign container image signature\"},\"optional\":null}");
        Signature signer = Signature.getInstance("SHA256withECDSA");
        signer.initSign(cosignKey.getPrivate());
        signer.update(payload);
        String signature = Base64.getEncoder().encodeToString(signer.sign());
        byte[] manifest = bytes("{\"schemaVersion\":2,\"mediaType\":\"" + OCI_MANIFEST + "\",\"artifactType\":"
                + "\"application/vnd.dev.cosign.artifact.sig.v1+json\",\"config\":{\"mediaType\":\"application/vnd.oci.empty.v1+json\","
                + "\"digest\":\"" + blob(name, bytes("{}")) + "\",\"size\":2},\"layers\":[{\"mediaType\":"
                + "\"application/vnd.dev.cosign.simplesigning.v1+json\",\"digest\":\"" + blob(name, payload) + "\",\"size\":"
                + payload.length + ",\"annotations\":{\"dev.cosignproject.cosign/signature\":\"" + signature + "\"}}],\"subject\":{\"mediaType\":\"" + OCI_MANIFEST + "\",\"digest\":\"" + subject + "\",\"size\":"
                + size + "}}");
        putManifest(name, sha256(manifest), manifest);
    }

    private static String blob(String name, byte[] content) throws Exception {
        String digest = sha256(content);
        HttpResponse<byte[]> r = send("POST", "/v2/" + name + "/blobs/uploads/?digest=" + digest, content, "application/octet-stream");
        assertThat(r.statusCode()).as(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(201);
        return digest;
    }

    private static String putManifest(String name, String reference, byte[] manifest) throws Exception {
        HttpResponse<byte[]> r = send("PUT", "/v2/" + name + "/manifests/" + reference, manifest, OCI_MANIFEST);
        assertThat(r.statusCode()).as(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(201);
        return sha256(manifest);
    }

    private static void put(String path, byte[] body, String type) throws Exception {
        HttpResponse<byte[]> r = send("PUT", path, body, type);
        assertThat(r.statusCode()).as(new String(r.body(), StandardCharsets.UTF_8)).isBetween(200, 299);
    }

    private static HttpResponse<byte[]> send(String method, String path, byte[] body, String type) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + token)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (type != null) {
            b.header(body == null ? "Accept" : "Content-Type", type);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String sha256(byte[] content) throws Exception {
        return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    }
}
