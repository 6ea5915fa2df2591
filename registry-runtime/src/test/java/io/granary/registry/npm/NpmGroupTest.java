package io.granary.registry.npm;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import io.granary.registry.group.GroupTestResources;
import io.granary.registry.testsupport.GranaryTestResources;
import io.granary.registry.group.GroupTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

/** An npm group of two hosted members through HTTP: merged packuments, tarballs, isolation, publish. */
@QuarkusTest
@QuarkusTestResource(value = GroupTestResources.class, restrictToAnnotatedClass = true)
class NpmGroupTest {

    private static final String ADMIN = GranaryTestResources.ADMIN_TOKEN;
    private static final String ABBREVIATED = "application/vnd.npm.install-v1+json; q=1.0, application/json; q=0.8";

    static JsonObject packument(String token, String repository, String name, String accept) {
        return new JsonObject(given().auth().oauth2(token).header("Accept", accept).urlEncodingEnabled(false)
                .get("/npm/" + repository + "/" + NpmFixtures.escaped(name)).then().statusCode(200).extract().asString());
    }

    @Test
    void packumentsAreMergedWithTarballsThroughTheGroup() {
        NpmFixtures.publish(ADMIN, "npm-a", "grp-left", "1.0.0", "latest").then().statusCode(200);
        NpmFixtures.publish(ADMIN, "npm-b", "grp-left", "2.0.0", "latest").then().statusCode(200);
        NpmFixtures.publish(ADMIN, "npm-b", "grp-left", "1.0.0", "latest").then().statusCode(200);
        NpmFixtures.publish(ADMIN, "npm-b", "@grp/right", "0.1.0", "latest").then().statusCode(200);

        for (String accept : List.of("application/json", ABBREVIATED)) {
            JsonObject doc = packument(ADMIN, "npm-group", "grp-left", accept);
            assertThat(doc.getJsonObject("versions").fieldNames()).as(accept).containsExactlyInAnyOrder("1.0.0", "2.0.0");
            // dist-tags come from the first member that has the package.
            assertThat(doc.getJsonObject("dist-tags").getString("latest")).as(accept).isEqualTo("1.0.0");
            for (String version : List.of("1.0.0", "2.0.0")) {
                String tarball = doc.getJsonObject("versions").getJsonObject(version).getJsonObject("dist").getString("tarball");
                assertThat(tarball).as(accept).contains("/npm/npm-group/grp-left/-/grp-left-" + version + ".tgz");
                byte[] served = given().auth().oauth2(ADMIN).get(tarball).then().statusCode(200).extract().asByteArray();
                assertThat(served).isEqualTo(NpmFixtures.tarball("grp-left", version));
            }
        }
        JsonObject scoped = packument(ADMIN, "npm-group", "@grp/right", "application/json");
        assertThat(scoped.getJsonObject("versions").getJsonObject("0.1.0").getJsonObject("dist").getString("tarball"))
                .contains("/npm/npm-group/@grp/right/-/right-0.1.0.tgz");
        JsonObject version = new JsonObject(given().auth().oauth2(ADMIN).get("/npm/npm-group/grp-left/2.0.0")
                .then().statusCode(200).extract().asString());
        assertThat(version.getJsonObject("dist").getString("tarball")).contains("/npm/npm-group/");
        given().auth().oauth2(ADMIN).get("/npm/npm-group/grp-missing").then().statusCode(404)
                .body("error", containsString("no member of group npm-group"));
    }

    @Test
    void aMemberTheCallerMayNotReadStaysInvisible() {
        NpmFixtures.publish(ADMIN, "npm-a", "iso-pkg", "1.0.0", "latest").then().statusCode(200);
        NpmFixtures.publish(ADMIN, "npm-b", "iso-pkg", "9.0.0", "latest").then().statusCode(200);
        NpmFixtures.publish(ADMIN, "npm-b", "iso-secret", "1.0.0", "latest").then().statusCode(200);
        String onlyA = GroupTokens.reader("npm-only-a", "npm-group", "npm-a");

        JsonObject doc = packument(onlyA, "npm-group", "iso-pkg", "application/json");
        assertThat(doc.getJsonObject("versions").fieldNames()).containsExactly("1.0.0");
        given().auth().oauth2(onlyA).get("/npm/npm-group/iso-secret").then().statusCode(404);
        given().auth().oauth2(onlyA).get("/npm/npm-group/iso-pkg/-/iso-pkg-9.0.0.tgz").then().statusCode(404);
    }

    @Test
    void publishGoesToTheDeployMemberOr405() {
        NpmFixtures.publish(ADMIN, "npm-group", "via-group", "1.0.0", "latest").then().statusCode(200);
        given().auth().oauth2(ADMIN).get("/npm/npm-a/via-group").then().statusCode(200);
        given().auth().oauth2(ADMIN).get("/npm/npm-b/via-group").then().statusCode(404);
        NpmFixtures.publish(ADMIN, "npm-readonly", "via-readonly", "1.0.0", "latest").then().statusCode(405)
                .body("error", containsString("no deployMember"));
        given().auth().oauth2(ADMIN).get("/npm/npm-a/via-readonly").then().statusCode(404);
    }

    @Test
    void mergedPackumentsRevalidateWithIfNoneMatch() {
        NpmFixtures.publish(ADMIN, "npm-a", "etag-pkg", "1.0.0", "latest").then().statusCode(200);
        NpmFixtures.publish(ADMIN, "npm-b", "etag-pkg", "1.1.0", "latest").then().statusCode(200);
        for (String accept : new String[] {"application/json", ABBREVIATED}) {
            String version = accept.equals(ABBREVIATED) ? "1.3.0" : "1.2.0";
            io.granary.registry.group.ConditionalReads.assertRevalidates(etag -> {
                var request = given().auth().oauth2(ADMIN).header("Accept", accept);
                return (etag == null ? request : request.header("If-None-Match", etag)).get("/npm/npm-group/etag-pkg");
            }, () -> NpmFixtures.publish(ADMIN, "npm-b", "etag-pkg", version, "next").then().statusCode(200));
        }
    }
}
