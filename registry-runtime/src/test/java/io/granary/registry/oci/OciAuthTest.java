package io.granary.registry.oci;

import static io.granary.registry.oci.OciHttp.bytes;
import static io.granary.registry.oci.OciHttp.digest;
import static io.granary.registry.oci.OciHttp.text;
import static org.assertj.core.api.Assertions.assertThat;

import io.granary.registry.testsupport.GranaryTestResources;
import io.granary.registry.testsupport.Tokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Docker token flow and the repository policies behind it: scoped tokens, basic credentials
 * exchanged for tokens, anonymous pull only where declared, immutable tags.
 */
@QuarkusTest
@QuarkusTestResource(value = GranaryTestResources.class, restrictToAnnotatedClass = true)
class OciAuthTest {

    static final String ADMIN = "Bearer " + GranaryTestResources.ADMIN_TOKEN;

    @TestHTTPResource("/")
    URI base;

    OciHttp admin;

    @BeforeEach
    void client() {
        admin = new OciHttp(base, ADMIN);
    }

    static String basic(String secret) {
        return "Basic " + Base64.getEncoder().encodeToString(("ci:" + secret).getBytes(StandardCharsets.UTF_8));
    }

    String token(String authorization, String... scopes) throws Exception {
        StringBuilder query = new StringBuilder("/v2/token?service=granary");
        for (String scope : scopes) {
            query.append("&scope=").append(URLEncoder.encode(scope, StandardCharsets.UTF_8));
        }
        var response = admin.as(authorization).get(query.toString());
        assertThat(response.statusCode()).as(text(response)).isEqualTo(200);
        JsonObject body = new JsonObject(text(response));
        assertThat(body.getString("access_token")).isEqualTo(body.getString("token"));
        assertThat(body.getLong("expires_in")).isBetween(60L, 3600L);
        return body.getString("token");
    }

    @Test
    void challengesNameTheRealmServiceAndScope() throws Exception {
        String name = "oci-local/challenged";
        var response = admin.as(null).send("POST", "/v2/" + name + "/blobs/uploads/", null);
        assertThat(response.statusCode()).isEqualTo(401);
        String challenge = response.headers().firstValue("WWW-Authenticate").orElseThrow();
        assertThat(challenge).startsWith("Bearer realm=\"" + base.toString().replaceAll("/$", "") + "/v2/token\"")
                .contains("service=\"").contains("scope=\"repository:" + name + ":pull,push\"");
        assertThat(text(response)).contains("\"UNAUTHORIZED\"");
    }

    @Test
    void basicCredentialsAreExchangedForAScopedToken() throws Exception {
        String writer = Tokens.issue("oci-writer-" + UUID.randomUUID(), "oci-local", "writer");
        String name = "oci-local/app-" + UUID.randomUUID().toString().substring(0, 6);
        String token = token(basic(writer), "repository:" + name + ":pull,push");
        OciHttp client = admin.as(OciHttp.bearer(token));
        assertThat(client.get("/v2/").statusCode()).isEqualTo(200);
        String digest = client.pushBlob(name, bytes("layer"));
        assertThat(client.get("/v2/" + name + "/blobs/" + digest).statusCode()).isEqualTo(200);

        // The same token is no good for another image: the client is told which scope to ask for.
        String other = "oci-local/other";
        var refused = client.get("/v2/" + other + "/blobs/" + digest);
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.headers().firstValue("WWW-Authenticate").orElseThrow())
                .contains("scope=\"repository:" + other + ":pull\"").contains("error=\"insufficient_scope\"");
        // Nor for an action it was not granted.
        var delete = client.send("DELETE", "/v2/" + name + "/blobs/" + digest, null);
        assertThat(delete.statusCode()).isEqualTo(401);
        assertThat(delete.headers().firstValue("WWW-Authenticate").orElseThrow())
                .contains("scope=\"repository:" + name + ":delete\"");
    }

    @Test
    void tokensGrantOnlyWhatTheRoleAllows() throws Exception {
        String reader = Tokens.issue("oci-reader-" + UUID.randomUUID(), "oci-local", "reader");
        String name = "oci-local/read-only";
        String token = token(basic(reader), "repository:" + name + ":pull,push,delete");
        OciHttp client = admin.as(OciHttp.bearer(token));
        var push = client.send("POST", "/v2/" + name + "/blobs/uploads/", null);
        assertThat(push.statusCode()).isEqualTo(401);
        assertThat(push.headers().firstValue("WWW-Authenticate").orElseThrow()).contains("insufficient_scope");
        assertThat(client.get("/v2/" + name + "/tags/list").statusCode()).as("pull is granted").isIn(200, 404);

        // A Granary token used directly is judged by its role: authenticated but not allowed → 403.
        var direct = admin.as(OciHttp.bearer(reader)).send("POST", "/v2/" + name + "/blobs/uploads/", null);
        assertThat(direct.statusCode()).isEqualTo(403);
        assertThat(text(direct)).contains("\"DENIED\"");
    }

    @Test
    void wrongCredentialsAreRefusedByTheTokenEndpoint() throws Exception {
        var response = admin.as(basic("gra_not-a-real-token-000000000000")).get(
                "/v2/token?service=granary&scope=repository:oci-local/app:pull");
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(text(response)).contains("\"UNAUTHORIZED\"");
        var forged = admin.as("Bearer eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl").get("/v2/");
        assertThat(forged.statusCode()).isEqualTo(401);
    }

    @Test
    void oauthPasswordGrantIssuesTokens() throws Exception {
        String writer = Tokens.issue("oci-oauth-" + UUID.randomUUID(), "oci-local", "writer");
        String form = "grant_type=password&username=ci&password=" + URLEncoder.encode(writer, StandardCharsets.UTF_8)
                + "&service=granary&client_id=containerd-client&scope="
                + URLEncoder.encode("repository:oci-local/oauth:pull,push", StandardCharsets.UTF_8);
        var response = admin.as(null).send("POST", "/v2/token", bytes(form),
                "Content-Type", "application/x-www-form-urlencoded");
        assertThat(response.statusCode()).as(text(response)).isEqualTo(200);
        String token = new JsonObject(text(response)).getString("access_token");
        assertThat(admin.as(OciHttp.bearer(token)).pushBlob("oci-local/oauth", bytes("via oauth"))).startsWith("sha256:");
        var refresh = admin.as(null).send("POST", "/v2/token", bytes("grant_type=refresh_token&refresh_token=x"),
                "Content-Type", "application/x-www-form-urlencoded");
        assertThat(refresh.statusCode()).as("containerd falls back to GET on 400").isEqualTo(400);
    }

    @Test
    void anonymousPullOnlyWhereDeclared() throws Exception {
        String digest = admin.pushBlob("oci-public/base", bytes("public layer"));
        admin.pushBlob("oci-local/base", bytes("public layer"));
        OciHttp anonymous = admin.as(null);
        assertThat(anonymous.get("/v2/oci-public/base/blobs/" + digest).statusCode()).isEqualTo(200);
        assertThat(anonymous.get("/v2/oci-local/base/blobs/" + digest).statusCode()).isEqualTo(401);
        assertThat(anonymous.send("POST", "/v2/oci-public/base/blobs/uploads/", null).statusCode()).isEqualTo(401);

        String token = token(null, "repository:oci-public/base:pull,push", "repository:oci-local/base:pull");
        OciHttp client = admin.as(OciHttp.bearer(token));
        assertThat(client.get("/v2/oci-public/base/blobs/" + digest).statusCode()).isEqualTo(200);
        assertThat(client.get("/v2/oci-local/base/blobs/" + digest).statusCode()).isEqualTo(401);
        assertThat(client.send("POST", "/v2/oci-public/base/blobs/uploads/", null).statusCode()).isEqualTo(401);
    }

    @Test
    void crossRepositoryMountNeedsReadAccessToTheSource() throws Exception {
        String digest = admin.pushBlob("oci-local/secret", bytes("secret layer " + UUID.randomUUID()));
        String writer = Tokens.issue("oci-mounter-" + UUID.randomUUID(), "oci-public", "writer");
        String token = token(basic(writer), "repository:oci-public/copy:pull,push", "repository:oci-local/secret:pull");
        var mount = admin.as(OciHttp.bearer(token)).send("POST",
                "/v2/oci-public/copy/blobs/uploads/?mount=" + digest + "&from=oci-local/secret", null);
        assertThat(mount.statusCode()).as("no mount without read access to the source").isEqualTo(202);
        assertThat(admin.send("HEAD", "/v2/oci-public/copy/blobs/" + digest, null).statusCode()).isEqualTo(404);
    }

    @Test
    void immutableTagsRefuseToMove() throws Exception {
        String name = "oci-releases/app-" + UUID.randomUUID().toString().substring(0, 6);
        String config = admin.pushBlob(name, bytes("{}"));
        String first = OciRegistryContract.manifest(config, 2, config, 2, "");
        String second = OciRegistryContract.manifest(config, 2, config, 2, ",\"annotations\":{\"v\":\"2\"}");
        String type = OciRegistryContract.OCI_MANIFEST;
        assertThat(admin.putManifest(name, "release-1", type, bytes(first)).statusCode()).isEqualTo(201);
        assertThat(admin.putManifest(name, "release-1", type, bytes(first)).statusCode())
                .as("the same manifest again is fine").isEqualTo(201);
        var moved = admin.putManifest(name, "release-1", type, bytes(second));
        assertThat(moved.statusCode()).isEqualTo(403);
        assertThat(text(moved)).contains("\"DENIED\"").contains("immutable");
        assertThat(admin.get("/v2/" + name + "/manifests/release-1").headers().firstValue("Docker-Content-Digest"))
                .hasValue(digest(bytes(first)));
        assertThat(admin.send("DELETE", "/v2/" + name + "/manifests/release-1", null).statusCode()).isEqualTo(403);
        assertThat(admin.putManifest(name, "latest", type, bytes(first)).statusCode()).isEqualTo(201);
        assertThat(admin.putManifest(name, "latest", type, bytes(second)).statusCode())
                .as("tags outside the patterns move").isEqualTo(201);
    }
}
