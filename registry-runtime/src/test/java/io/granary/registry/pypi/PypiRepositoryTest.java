package io.granary.registry.pypi;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.granary.registry.testsupport.GranaryTestResources;
import io.granary.registry.testsupport.TestRepositories;
import io.granary.registry.testsupport.Tokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The PyPI protocol through HTTP as twine and pip use it, on real PostgreSQL and a filesystem store. */
@QuarkusTest
@QuarkusTestResource(value = GranaryTestResources.class, restrictToAnnotatedClass = true)
class PypiRepositoryTest {

    static final String ADMIN = GranaryTestResources.ADMIN_TOKEN;
    static final String REPO = TestRepositories.PYPI;

    static String hex(String algorithm, byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(bytes));
    }

    /** A twine-shaped upload: the form fields, then the file in "content". */
    static Response upload(String repo, String token, String filename, byte[] bytes, Map<String, String> fields) {
        RequestSpecification request = given();
        if (token != null) {
            request = request.auth().preemptive().basic("__token__", token);
        }
        request = request.multiPart(":action", "file_upload").multiPart("protocol_version", "1");
        for (var field : fields.entrySet()) {
            request = request.multiPart(field.getKey(), field.getValue());
        }
        return request.multiPart("content", filename, bytes, "application/octet-stream").post("/pypi/" + repo + "/");
    }

    static Response upload(String filename, byte[] bytes, String name, String version) throws Exception {
        return upload(REPO, ADMIN, filename, bytes, Map.of("name", name, "version", version,
                "sha256_digest", hex("SHA-256", bytes), "md5_digest", hex("MD5", bytes)));
    }

    @Test
    void wheelAndSdistAreServedThroughBothSimpleApis() throws Exception {
        String metadata = PythonDistributions.metadata("Demo.Pkg", "1.0", ">=3.8");
        byte[] wheel = PythonDistributions.wheel("demo_pkg", "1.0", metadata);
        byte[] sdist = PythonDistributions.sdist("demo_pkg", "1.0", metadata);
        upload("demo_pkg-1.0-py3-none-any.whl", wheel, "Demo.Pkg", "1.0").then().statusCode(200);
        upload("demo_pkg-1.0.tar.gz", sdist, "Demo.Pkg", "1.0").then().statusCode(200);

        given().auth().preemptive().basic("__token__", ADMIN).redirects().follow(false)
                .get("/pypi/" + REPO + "/simple/Demo_Pkg").then().statusCode(301)
                .header("Location", "/pypi/" + REPO + "/simple/demo-pkg/");
        given().auth().preemptive().basic("x", ADMIN).get("/pypi/" + REPO + "/simple/").then().statusCode(200)
                .body(containsString("<a href=\"demo-pkg/\">Demo.Pkg</a>"));

        String html = given().auth().preemptive().basic("x", ADMIN).accept("text/html")
                .get("/pypi/" + REPO + "/simple/demo-pkg/").then().statusCode(200)
                .header("Content-Type", containsString("text/html")).extract().asString();
        assertThat(html).contains("demo_pkg-1.0-py3-none-any.whl#sha256=" + hex("SHA-256", wheel))
                .contains("data-requires-python=\"&gt;=3.8\"")
                .contains("data-core-metadata=\"sha256=" + hex("SHA-256", metadata.getBytes(StandardCharsets.UTF_8)) + "\"")
                .contains("<meta name=\"pypi:repository-version\" content=\"1.1\">");

        Response json = given().auth().preemptive().basic("x", ADMIN)
                .header("Accept", "application/vnd.pypi.simple.v1+json, application/vnd.pypi.simple.v1+html; q=0.1, text/html; q=0.01")
                .get("/pypi/" + REPO + "/simple/demo-pkg/");
        json.then().statusCode(200).header("Content-Type", "application/vnd.pypi.simple.v1+json")
                .body("meta.api-version", equalTo("1.1")).body("name", equalTo("Demo.Pkg"))
                .body("versions", hasItem("1.0"));
        JsonPath files = json.jsonPath();
        assertThat(files.getList("files.filename")).containsExactly("demo_pkg-1.0-py3-none-any.whl", "demo_pkg-1.0.tar.gz");
        assertThat(files.getString("files[0].hashes.sha256")).isEqualTo(hex("SHA-256", wheel));
        assertThat(files.getInt("files[0].size")).isEqualTo(wheel.length);
        assertThat(files.getString("files[0].requires-python")).isEqualTo(">=3.8");
        assertThat(files.getBoolean("files[0].yanked")).isFalse();
        assertThat(files.getString("files[0].upload-time")).endsWith("Z");
        assertThat(files.getMap("files[0]")).doesNotContainKey("dist-info-metadata");
        String url = files.getString("files[0].url");
        assertThat(url).contains("/pypi/" + REPO + "/files/demo-pkg/demo_pkg-1.0-py3-none-any.whl");

        String path = url.substring(url.indexOf("/pypi/"));
        assertThat(given().auth().preemptive().basic("x", ADMIN).get(path).asByteArray()).isEqualTo(wheel);
        assertThat(given().auth().preemptive().basic("x", ADMIN).get(path + ".metadata").asString()).isEqualTo(metadata);
    }

    @Test
    void filesAreImmutableButIdenticalReuploadSucceeds() throws Exception {
        String metadata = PythonDistributions.metadata("immutable-pkg", "2.0", null);
        byte[] wheel = PythonDistributions.wheel("immutable_pkg", "2.0", metadata);
        upload("immutable_pkg-2.0-py3-none-any.whl", wheel, "immutable-pkg", "2.0").then().statusCode(200);
        upload("immutable_pkg-2.0-py3-none-any.whl", wheel, "immutable-pkg", "2.0").then().statusCode(200);
        byte[] other = PythonDistributions.wheel("immutable_pkg", "2.0", metadata + "changed\n");
        upload("immutable_pkg-2.0-py3-none-any.whl", other, "immutable-pkg", "2.0").then().statusCode(400)
                .statusLine(containsString("File already exists"));
        assertThat(given().auth().preemptive().basic("x", ADMIN)
                .get("/pypi/" + REPO + "/files/immutable-pkg/immutable_pkg-2.0-py3-none-any.whl").asByteArray()).isEqualTo(wheel);
    }

    @Test
    void yankingThroughTheAdminApiShowsInBothApis() throws Exception {
        String metadata = PythonDistributions.metadata("yank-me", "0.1", null);
        upload("yank_me-0.1-py3-none-any.whl", PythonDistributions.wheel("yank_me", "0.1", metadata), "yank-me", "0.1")
                .then().statusCode(200);
        given().auth().oauth2(ADMIN).contentType("application/json").body(Map.of("reason", "broken build"))
                .put("/api/v1/repositories/" + REPO + "/pypi/projects/Yank_Me/versions/0.1/yank")
                .then().statusCode(200).body("files", equalTo(1)).body("yanked", equalTo(true));
        given().auth().preemptive().basic("x", ADMIN).accept("text/html").get("/pypi/" + REPO + "/simple/yank-me/")
                .then().body(containsString("data-yanked=\"broken build\""));
        given().auth().preemptive().basic("x", ADMIN).accept(SimpleIndexHandler.JSON).get("/pypi/" + REPO + "/simple/yank-me/")
                .then().body("files[0].yanked", equalTo("broken build"));
        given().auth().oauth2(ADMIN).delete("/api/v1/repositories/" + REPO + "/pypi/projects/yank-me/versions/0.1/yank")
                .then().statusCode(200).body("yanked", equalTo(false));
        given().auth().preemptive().basic("x", ADMIN).accept(SimpleIndexHandler.JSON).get("/pypi/" + REPO + "/simple/yank-me/")
                .then().body("files[0].yanked", equalTo(false));
        given().auth().oauth2(ADMIN).contentType("application/json").body(Map.of())
                .put("/api/v1/repositories/" + REPO + "/pypi/projects/yank-me/versions/9.9/yank").then().statusCode(404);
    }

    @Test
    void aProjectPageReadBeforeAnUploadOrAYankShowsItAtOnce() throws Exception {
        String page = "/pypi/" + REPO + "/simple/fresh-pkg/";
        String metadata = PythonDistributions.metadata("fresh-pkg", "1.0", null);
        upload("fresh_pkg-1.0-py3-none-any.whl", PythonDistributions.wheel("fresh_pkg", "1.0", metadata), "fresh-pkg", "1.0")
                .then().statusCode(200);
        given().auth().preemptive().basic("x", ADMIN).accept(SimpleIndexHandler.JSON).get(page)
                .then().statusCode(200).body("versions", equalTo(java.util.List.of("1.0")));

        // The page just read is cached; what this process writes next must show without waiting.
        String metadata2 = PythonDistributions.metadata("fresh-pkg", "2.0", null);
        upload("fresh_pkg-2.0-py3-none-any.whl", PythonDistributions.wheel("fresh_pkg", "2.0", metadata2), "fresh-pkg", "2.0")
                .then().statusCode(200);
        given().auth().preemptive().basic("x", ADMIN).accept(SimpleIndexHandler.JSON).get(page)
                .then().body("versions", equalTo(java.util.List.of("1.0", "2.0")))
                .body("files[1].yanked", equalTo(false));
        given().auth().preemptive().basic("x", ADMIN).accept("text/html").get(page)
                .then().body(containsString("fresh_pkg-2.0-py3-none-any.whl#sha256="));

        given().auth().oauth2(ADMIN).contentType("application/json").body(Map.of("reason", "bad"))
                .put("/api/v1/repositories/" + REPO + "/pypi/projects/fresh-pkg/versions/2.0/yank").then().statusCode(200);
        given().auth().preemptive().basic("x", ADMIN).accept(SimpleIndexHandler.JSON).get(page)
                .then().body("files[1].yanked", equalTo("bad"));
        given().auth().preemptive().basic("x", ADMIN).accept("text/html").get(page)
                .then().body(containsString("data-yanked=\"bad\""));
    }

    @Test
    void callersWithoutWriteAreRefused() throws Exception {
        byte[] wheel = PythonDistributions.wheel("guarded", "1.0", PythonDistributions.metadata("guarded", "1.0", null));
        Response anonymous = upload(REPO, null, "guarded-1.0-py3-none-any.whl", wheel, Map.of());
        assertThat(anonymous.statusCode()).isEqualTo(401);
        // pip and twine answer a Basic challenge with the credentials they were given.
        assertThat(anonymous.headers().getValues("WWW-Authenticate")).anyMatch(v -> v.startsWith("Basic "));
        String reader = Tokens.issue("pypi-reader", REPO, "reader");
        upload(REPO, reader, "guarded-1.0-py3-none-any.whl", wheel, Map.of()).then().statusCode(403);
        given().auth().preemptive().basic("__token__", reader).get("/pypi/" + REPO + "/simple/guarded/").then().statusCode(404);
        given().get("/pypi/" + REPO + "/simple/").then().statusCode(401);
    }
}
