package io.granary.registry.npm;

import static io.granary.registry.npm.NpmFixtures.publish;
import static io.granary.registry.npm.NpmFixtures.tarball;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import io.granary.registry.testsupport.GranaryTestResources;
import io.granary.registry.testsupport.NpmTestRepositories;
import io.granary.registry.testsupport.Tokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The npm registry protocol through HTTP as the npm CLI speaks it, on real PostgreSQL and blobs. */
@QuarkusTest
@QuarkusTestResource(value = GranaryTestResources.class, restrictToAnnotatedClass = true)
class NpmRepositoryTest {

    private static final String ADMIN = GranaryTestResources.ADMIN_TOKEN;
    private static final String LOCAL = NpmTestRepositories.LOCAL;
    private static final String ABBREVIATED = "application/vnd.npm.install-v1+json; q=1.0, application/json; q=0.8, */*";

    private static Response get(String path) {
        return given().auth().oauth2(ADMIN).urlEncodingEnabled(false).get("/npm/" + LOCAL + "/" + path);
    }

    @Test
    void publishServesFullAndAbbreviatedPackumentsAndTheTarball() {
        byte[] tgz = tarball("demo", "1.0.0");
        NpmFixtures.put(ADMIN, LOCAL, "demo", NpmFixtures.publishDocument("demo", "1.0.0", tgz, "latest"))
                .then().statusCode(200).body("ok", equalTo(true));

        Response full = given().auth().oauth2(ADMIN).accept("application/json").get("/npm/npm-local/demo");
        full.then().statusCode(200)
                .header("Content-Type", startsWith("application/json"))
                .body("_id", equalTo("demo"))
                .body("name", equalTo("demo"))
                .body("_rev", notNullValue())
                .body("'dist-tags'.latest", equalTo("1.0.0"))
                .body("description", equalTo("test package demo"))
                .body("readme", equalTo("# demo"))
                .body("time.created", notNullValue())
                .body("time.'1.0.0'", notNullValue())
                .body("versions.'1.0.0'._id", equalTo("demo@1.0.0"))
                .body("versions.'1.0.0'._npmUser.name", equalTo("admin"))
                .body("versions.'1.0.0'.dist.integrity", equalTo(NpmFixtures.integrity(tgz)))
                .body("versions.'1.0.0'.dist.shasum", equalTo(NpmFixtures.shasum(tgz)))
                .body("versions.'1.0.0'.dist.tarball", startsWith("http://"))
                .body("versions.'1.0.0'.dist.tarball", endsWith("/npm/npm-local/demo/-/demo-1.0.0.tgz"));

        Response abbreviated = given().auth().oauth2(ADMIN).header("Accept", ABBREVIATED).get("/npm/npm-local/demo");
        abbreviated.then().statusCode(200)
                .header("Content-Type", startsWith("application/vnd.npm.install-v1+json"))
                .body("name", equalTo("demo"))
                .body("modified", notNullValue())
                .body("readme", nullValue())
                .body("versions.'1.0.0'.readme", nullValue())
                .body("versions.'1.0.0'.description", nullValue())
                .body("versions.'1.0.0'.dependencies", equalTo(Map.of()))
                .body("versions.'1.0.0'.dist.integrity", equalTo(NpmFixtures.integrity(tgz)));
        given().auth().oauth2(ADMIN).header("Accept", ABBREVIATED).header("If-None-Match", abbreviated.header("ETag"))
                .get("/npm/npm-local/demo").then().statusCode(304);

        String tarballUrl = full.path("versions.'1.0.0'.dist.tarball");
        Response download = given().auth().oauth2(ADMIN).get(tarballUrl.substring(tarballUrl.indexOf("/npm/")));
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.asByteArray()).isEqualTo(tgz);

        given().auth().oauth2(ADMIN).get("/npm/npm-local/demo/1.0.0").then().statusCode(200)
                .body("version", equalTo("1.0.0"));
        given().auth().oauth2(ADMIN).get("/npm/npm-local/demo/latest").then().statusCode(200)
                .body("version", equalTo("1.0.0"));
        given().auth().oauth2(ADMIN).get("/npm/npm-local/no-such-package").then().statusCode(404)
                .body("error", equalTo("Not found"));
    }

    @Test
    void scopedPackagesByEscapedAndPlainName() {
        publish(ADMIN, LOCAL, "@acme/widget", "1.0.0", "latest").then().statusCode(200);

        get("@acme%2fwidget").then().statusCode(200).body("name", equalTo("@acme/widget"))
                .body("versions.'1.0.0'.dist.tarball", endsWith("/npm/npm-local/@acme/widget/-/widget-1.0.0.tgz"));
        get("@acme%2Fwidget").then().statusCode(200).body("name", equalTo("@acme/widget"));
        get("@acme/widget").then().statusCode(200).body("name", equalTo("@acme/widget"));
        assertThat(get("@acme/widget/-/widget-1.0.0.tgz").asByteArray()).isEqualTo(tarball("@acme/widget", "1.0.0"));
    }

    @Test
    void versionsMergeAndRepublishingIsRefusedWithoutChangingAnything() {
        publish(ADMIN, LOCAL, "merge-me", "1.0.0", "latest").then().statusCode(200);
        publish(ADMIN, LOCAL, "merge-me", "1.1.0-beta.1", "beta").then().statusCode(200);

        get("merge-me").then().statusCode(200)
                .body("versions.keySet()", org.hamcrest.Matchers.containsInAnyOrder("1.0.0", "1.1.0-beta.1"))
                .body("'dist-tags'.latest", equalTo("1.0.0"))
                .body("'dist-tags'.beta", equalTo("1.1.0-beta.1"));

        byte[] other = tarball("merge-me", "something else");
        NpmFixtures.put(ADMIN, LOCAL, "merge-me", NpmFixtures.publishDocument("merge-me", "1.0.0", other, "latest"))
                .then().statusCode(403)
                .body("error", containsString("cannot publish over the previously published versions: 1.0.0"));
        assertThat(get("merge-me/-/merge-me-1.0.0.tgz").asByteArray()).isEqualTo(tarball("merge-me", "1.0.0"));
    }

    @Test
    void concurrentPublishesOfOnePackageAllLand() throws Exception {
        int versions = 8;
        var pool = java.util.concurrent.Executors.newFixedThreadPool(versions);
        try {
            var results = new java.util.ArrayList<java.util.concurrent.Future<Integer>>();
            for (int i = 0; i < versions; i++) {
                String version = "1.0." + i;
                results.add(pool.submit(() -> publish(ADMIN, LOCAL, "racy", version, "v" + version.replace('.', '-'))
                        .statusCode()));
            }
            for (var result : results) {
                assertThat(result.get(60, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(200);
            }
        } finally {
            pool.shutdownNow();
        }
        JsonObject doc = new JsonObject(get("racy").asString());
        assertThat(doc.getJsonObject("versions").fieldNames()).hasSize(versions);
        assertThat(doc.getJsonObject("dist-tags").fieldNames()).hasSize(versions);
    }

    @Test
    void distTagsCanBeListedAddedAndRemoved() {
        publish(ADMIN, LOCAL, "tagged", "1.0.0", "latest").then().statusCode(200);
        publish(ADMIN, LOCAL, "tagged", "2.0.0", "latest").then().statusCode(200);
        String tags = "/npm/npm-local/-/package/tagged/dist-tags";

        given().auth().oauth2(ADMIN).get(tags).then().statusCode(200).body(equalTo("{\"latest\":\"2.0.0\"}"));
        given().auth().oauth2(ADMIN).contentType("application/json").body("\"1.0.0\"").put(tags + "/stable")
                .then().statusCode(201);
        given().auth().oauth2(ADMIN).get(tags).then().body("stable", equalTo("1.0.0"));
        get("tagged").then().body("'dist-tags'.stable", equalTo("1.0.0"));

        given().auth().oauth2(ADMIN).contentType("application/json").body("\"9.9.9\"").put(tags + "/stable")
                .then().statusCode(404);
        given().auth().oauth2(ADMIN).contentType("application/json").body("\"1.0.0\"").put(tags + "/1.x")
                .then().statusCode(400);
        given().auth().oauth2(ADMIN).delete(tags + "/latest").then().statusCode(400);
        given().auth().oauth2(ADMIN).delete(tags + "/stable").then().statusCode(200);
        given().auth().oauth2(ADMIN).delete(tags + "/stable").then().statusCode(404);
        given().auth().oauth2(ADMIN).get(tags).then().body("stable", nullValue());
        given().auth().oauth2(ADMIN).urlEncodingEnabled(false).get("/npm/npm-local/-/package/@nobody%2fnothing/dist-tags")
                .then().statusCode(404);
    }

    @Test
    void deprecateAndUndeprecateThroughThePackument() {
        publish(ADMIN, LOCAL, "old-thing", "1.0.0", "latest").then().statusCode(200);
        JsonObject doc = new JsonObject(get("old-thing?write=true").asString());
        doc.getJsonObject("versions").getJsonObject("1.0.0").put("deprecated", "use new-thing");
        given().auth().oauth2(ADMIN).contentType("application/json").body(doc.encode())
                .put("/npm/npm-local/old-thing").then().statusCode(200);
        given().auth().oauth2(ADMIN).header("Accept", ABBREVIATED).get("/npm/npm-local/old-thing").then()
                .body("versions.'1.0.0'.deprecated", equalTo("use new-thing"));

        doc.getJsonObject("versions").getJsonObject("1.0.0").put("deprecated", "");
        given().auth().oauth2(ADMIN).contentType("application/json").body(doc.encode())
                .put("/npm/npm-local/old-thing").then().statusCode(200);
        get("old-thing").then().body("versions.'1.0.0'.deprecated", nullValue());
    }

    @Test
    void unpublishVersionThenWholePackageWhereAllowed() {
        publish(ADMIN, LOCAL, "gone-soon", "1.0.0", "latest").then().statusCode(200);
        publish(ADMIN, LOCAL, "gone-soon", "1.0.1", "latest").then().statusCode(200);

        // What npm unpublish gone-soon@1.0.1 sends: the document without the version, then the tarball DELETE.
        JsonObject doc = new JsonObject(get("gone-soon?write=true").asString());
        doc.getJsonObject("versions").remove("1.0.1");
        doc.getJsonObject("dist-tags").put("latest", "1.0.0");
        given().auth().oauth2(ADMIN).contentType("application/json").body(doc.encode())
                .put("/npm/npm-local/gone-soon/-rev/" + doc.getString("_rev")).then().statusCode(200);
        given().auth().oauth2(ADMIN).delete("/npm/npm-local/gone-soon/-/gone-soon-1.0.1.tgz/-rev/x").then().statusCode(200);
        get("gone-soon").then().statusCode(200)
                .body("versions.keySet()", org.hamcrest.Matchers.contains("1.0.0"))
                .body("'dist-tags'.latest", equalTo("1.0.0"));
        get("gone-soon/-/gone-soon-1.0.1.tgz").then().statusCode(404);

        given().auth().oauth2(ADMIN).delete("/npm/npm-local/gone-soon/-rev/" + doc.getString("_rev")).then().statusCode(200);
        get("gone-soon").then().statusCode(404);
        get("gone-soon/-/gone-soon-1.0.0.tgz").then().statusCode(404);
        // The version can be published again after the package is gone.
        publish(ADMIN, LOCAL, "gone-soon", "1.0.0", "latest").then().statusCode(200);
    }

    @Test
    void unpublishIsRefusedWhereThePolicyForbidsIt() {
        publish(ADMIN, NpmTestRepositories.STRICT, "kept", "1.0.0", "latest").then().statusCode(200);
        publish(ADMIN, NpmTestRepositories.STRICT, "kept", "1.0.1", "latest").then().statusCode(200);
        given().auth().oauth2(ADMIN).delete("/npm/npm-strict/kept/-rev/1-x").then().statusCode(403)
                .body("error", containsString("allowUnpublish"));
        JsonObject doc = new JsonObject(given().auth().oauth2(ADMIN).get("/npm/npm-strict/kept?write=true").asString());
        doc.getJsonObject("versions").remove("1.0.1");
        given().auth().oauth2(ADMIN).contentType("application/json").body(doc.encode())
                .put("/npm/npm-strict/kept/-rev/1-x").then().statusCode(403);
        given().auth().oauth2(ADMIN).get("/npm/npm-strict/kept").then().statusCode(200)
                .body("versions.keySet()", org.hamcrest.Matchers.containsInAnyOrder("1.0.0", "1.0.1"));
    }

    @Test
    void accountEndpoints() {
        given().get("/npm/npm-local/-/ping").then().statusCode(200);
        given().auth().oauth2(ADMIN).get("/npm/npm-local/-/whoami").then().statusCode(200)
                .body("username", equalTo("admin"));
        given().get("/npm/npm-local/-/whoami").then().statusCode(401)
                .header("WWW-Authenticate", notNullValue()).body("error", notNullValue());

        // Legacy login: the password is a token, the user name its name; the answer is a new session token.
        String login = "/npm/npm-local/-/user/org.couchdb.user:admin";
        String session = given().contentType("application/json")
                .body(Map.of("_id", "org.couchdb.user:admin", "name", "admin", "password", ADMIN, "type", "user"))
                .put(login).then().statusCode(201).extract().path("token");
        assertThat(session).startsWith("gra_").isNotEqualTo(ADMIN);
        given().auth().oauth2(session).get("/npm/npm-local/-/whoami").then().statusCode(200)
                .body("username", equalTo("admin"));
        given().contentType("application/json")
                .body(Map.of("_id", "org.couchdb.user:alice", "name", "alice", "password", ADMIN, "type", "user"))
                .put("/npm/npm-local/-/user/org.couchdb.user:alice").then().statusCode(401)
                .body("error", containsString("\"admin\""));
        given().contentType("application/json")
                .body(Map.of("_id", "org.couchdb.user:admin", "name", "admin", "password", "wrong-password-123456"))
                .put(login).then().statusCode(401).body("error", containsString("token"))
                .body("error", not(containsString("wrong-password")));

        // Logout revokes session tokens only; an administrator's token stays valid.
        given().auth().oauth2(ADMIN).delete("/npm/npm-local/-/user/token/" + ADMIN).then().statusCode(403);
        given().auth().oauth2(session).delete("/npm/npm-local/-/user/token/" + session).then().statusCode(200);
        given().auth().oauth2(session).get("/npm/npm-local/-/whoami").then().statusCode(401);
        given().auth().oauth2(ADMIN).get("/npm/npm-local/-/whoami").then().statusCode(200);

        // Web login: a session with two URLs; unknown sessions and done secrets are 404, a pending one 202.
        io.restassured.path.json.JsonPath urls = given().contentType("application/json").body("{}")
                .post("/npm/npm-local/-/v1/login").then().statusCode(200).extract().jsonPath();
        String loginUrl = urls.getString("loginUrl");
        String doneUrl = urls.getString("doneUrl");
        assertThat(loginUrl).contains("/npm/npm-local/-/v1/login/");
        assertThat(doneUrl).contains("/npm/npm-local/-/v1/done/");
        given().get(doneUrl).then().statusCode(202).header("Retry-After", "1");
        given().get(doneUrl + "x").then().statusCode(404).body("error", containsString("expired"));
        given().get("/npm/npm-local/-/v1/login/not-a-session").then().statusCode(404);
        given().get("/npm/npm-local/-/v1/login/00000000-0000-0000-0000-000000000000").then().statusCode(404);
        given().get(doneUrl.replace("/npm-local/", "/npm-strict/")).then().statusCode(404);
        given().formParam("name", "admin").formParam("token", "gra_no-such-token-0123456789").post(loginUrl)
                .then().statusCode(401);
        given().formParam("name", "admin").post(loginUrl).then().statusCode(400);
        // Credentials a browser replays on its own (Basic) complete nothing: only the form's do.
        given().auth().preemptive().basic("admin", ADMIN).post(loginUrl).then().statusCode(400);
        given().auth().preemptive().basic("admin", ADMIN).get(loginUrl).then().statusCode(200);
        given().get(doneUrl).then().statusCode(202);
        given().formParam("name", "admin").formParam("token", ADMIN).post(loginUrl).then().statusCode(200)
                .header("X-Frame-Options", "DENY");
        String webToken = given().get(doneUrl).then().statusCode(200).extract().path("token");
        given().auth().oauth2(webToken).get("/npm/npm-local/-/whoami").then().statusCode(200)
                .body("username", equalTo("admin"));
        given().get(doneUrl).then().statusCode(404);

        given().auth().oauth2(ADMIN).contentType("application/json").body("{\"demo\":[\"1.0.0\"]}")
                .post("/npm/npm-local/-/npm/v1/security/advisories/bulk").then().statusCode(501)
                .body("error", containsString("not supported"));
        given().auth().oauth2(ADMIN).contentType("application/json").body("{}")
                .post("/npm/npm-local/-/npm/v1/security/audits/quick").then().statusCode(501);
    }

    @Test
    void readersMayInstallButNotPublishAndStrangersAreChallenged() {
        publish(ADMIN, LOCAL, "guarded", "1.0.0", "latest").then().statusCode(200);
        String reader = Tokens.issue("npm-reader", LOCAL, "reader");
        given().auth().oauth2(reader).get("/npm/npm-local/guarded").then().statusCode(200);
        publish(reader, LOCAL, "guarded", "1.0.1", "latest").then().statusCode(403).body("error", notNullValue());
        Response stranger = given().get("/npm/npm-local/guarded");
        assertThat(stranger.statusCode()).isEqualTo(401);
        assertThat(stranger.headers().getValues("WWW-Authenticate")).anyMatch(v -> v.startsWith("Basic "));
        // npm sends tokens configured as _authToken as Bearer, and user:password as Basic.
        given().auth().preemptive().basic("anyone", reader).get("/npm/npm-local/guarded").then().statusCode(200);
    }
}
