package io.granary.registry.pypi;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import io.granary.registry.group.GroupTestResources;
import io.granary.registry.group.GroupTokens;
import io.granary.registry.testsupport.GranaryTestResources;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A PyPI group of two hosted members through HTTP: merged simple pages (HTML and JSON), isolation, upload. */
@QuarkusTest
@QuarkusTestResource(value = GroupTestResources.class, restrictToAnnotatedClass = true)
class PypiGroupTest {

    private static final String ADMIN = GranaryTestResources.ADMIN_TOKEN;
    private static final String JSON = "application/vnd.pypi.simple.v1+json";

    /** Built once per name and version: a wheel's zip entries carry the time it was built. */
    private static final Map<String, byte[]> WHEELS = new java.util.concurrent.ConcurrentHashMap<>();

    static byte[] wheel(String dist, String version) {
        return WHEELS.computeIfAbsent(dist + "-" + version, k -> PythonDistributions.wheel(dist, version,
                PythonDistributions.metadata(dist, version, ">=3.8")));
    }

    static void upload(String repo, String dist, String version) throws Exception {
        byte[] wheel = wheel(dist, version);
        PypiRepositoryTest.upload(repo, ADMIN, dist + "-" + version + "-py3-none-any.whl", wheel, Map.of("name", dist,
                "version", version, "sha256_digest", PypiRepositoryTest.hex("SHA-256", wheel))).then().statusCode(200);
    }

    @Test
    void simplePagesAreTheUnionOfFilesThroughTheGroup() throws Exception {
        upload("pypi-a", "grp_pkg", "1.0");
        upload("pypi-b", "grp_pkg", "2.0");
        upload("pypi-b", "grp_other", "0.1");

        String html = given().auth().preemptive().basic("x", ADMIN).accept("text/html")
                .get("/pypi/pypi-group/simple/grp-pkg/").then().statusCode(200)
                .header("Content-Type", containsString("text/html")).extract().asString();
        assertThat(html).contains("/pypi/pypi-group/files/grp-pkg/grp_pkg-1.0-py3-none-any.whl#sha256="
                + PypiRepositoryTest.hex("SHA-256", wheel("grp_pkg", "1.0")))
                .contains("/pypi/pypi-group/files/grp-pkg/grp_pkg-2.0-py3-none-any.whl#sha256=")
                .contains("data-requires-python=\"&gt;=3.8\"").doesNotContain("pypi-a", "pypi-b");

        JsonPath json = given().auth().preemptive().basic("x", ADMIN).header("Accept", JSON)
                .get("/pypi/pypi-group/simple/grp-pkg/").then().statusCode(200).header("Content-Type", JSON)
                .extract().jsonPath();
        assertThat(json.getList("files.filename")).containsExactly("grp_pkg-1.0-py3-none-any.whl",
                "grp_pkg-2.0-py3-none-any.whl");
        assertThat(json.getList("versions")).containsExactly("1.0", "2.0");
        String url = json.getString("files[1].url");
        assertThat(url).contains("/pypi/pypi-group/files/grp-pkg/");
        assertThat(given().auth().preemptive().basic("x", ADMIN).get(url.substring(url.indexOf("/pypi/")))
                .then().statusCode(200).extract().asByteArray()).isEqualTo(wheel("grp_pkg", "2.0"));

        assertThat(given().auth().preemptive().basic("x", ADMIN).get("/pypi/pypi-group/simple/").then().statusCode(200)
                .extract().asString()).contains("<a href=\"grp-pkg/\">", "<a href=\"grp-other/\">");
        // A non-normalized name is redirected through the group, as the members do.
        given().auth().preemptive().basic("x", ADMIN).redirects().follow(false).get("/pypi/pypi-group/simple/Grp_Pkg/")
                .then().statusCode(301).header("Location", "/pypi/pypi-group/simple/grp-pkg/");
    }

    @Test
    void aMemberTheCallerMayNotReadStaysInvisible() throws Exception {
        upload("pypi-a", "iso_pkg", "1.0");
        upload("pypi-b", "iso_pkg", "9.0");
        String onlyA = GroupTokens.reader("pypi-only-a", "pypi-group", "pypi-a");
        String html = given().auth().preemptive().basic("x", onlyA).get("/pypi/pypi-group/simple/iso-pkg/")
                .then().statusCode(200).extract().asString();
        assertThat(html).contains("iso_pkg-1.0").doesNotContain("iso_pkg-9.0");
        given().auth().preemptive().basic("x", onlyA).get("/pypi/pypi-group/files/iso-pkg/iso_pkg-9.0-py3-none-any.whl")
                .then().statusCode(404);
    }

    @Test
    void uploadsGoToTheDeployMemberOr405() throws Exception {
        upload("pypi-group", "via_group", "1.0");
        given().auth().preemptive().basic("x", ADMIN).get("/pypi/pypi-a/simple/via-group/").then().statusCode(200);
        given().auth().preemptive().basic("x", ADMIN).get("/pypi/pypi-b/simple/via-group/").then().statusCode(404);
        byte[] wheel = wheel("via_readonly", "1.0");
        PypiRepositoryTest.upload("pypi-readonly", ADMIN, "via_readonly-1.0-py3-none-any.whl", wheel,
                Map.of("name", "via_readonly", "version", "1.0")).then().statusCode(405);
    }

    @Test
    void mergedSimplePagesRevalidateWithIfNoneMatch() throws Exception {
        upload("pypi-a", "etag_pkg", "1.0");
        upload("pypi-b", "etag_pkg", "1.1");
        String[] next = {"1.2", "1.3"};
        int[] change = {0};
        for (String accept : new String[] {"text/html", JSON}) {
            io.granary.registry.group.ConditionalReads.assertRevalidates(etag -> {
                var request = given().auth().preemptive().basic("x", ADMIN).accept(accept);
                return (etag == null ? request : request.header("If-None-Match", etag)).get("/pypi/pypi-group/simple/etag-pkg/");
            }, () -> {
                try {
                    upload("pypi-b", "etag_pkg", next[change[0]++]);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
        }
    }
}
