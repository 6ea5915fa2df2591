package io.granary.registry.helm;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.granary.registry.testsupport.Archives;
import io.granary.registry.testsupport.GranaryTestResources;
import io.granary.registry.testsupport.TestRepositories;
import io.granary.registry.testsupport.Tokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The classic Helm repository and the ChartMuseum API through HTTP, on real PostgreSQL. */
@QuarkusTest
@QuarkusTestResource(value = GranaryTestResources.class, restrictToAnnotatedClass = true)
class HelmRepositoryTest {

    private static final String ADMIN = GranaryTestResources.ADMIN_TOKEN;
    private static final String BASE = "/helm/" + TestRepositories.HELM + "/";

    static byte[] tarGz(Map<String, byte[]> entries) {
        return Archives.tarGz(entries);
    }

    static byte[] chart(String folder, String chartYaml) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put(folder + "/Chart.yaml", chartYaml.getBytes(StandardCharsets.UTF_8));
        entries.put(folder + "/values.yaml", "greeting: hello\n".getBytes(StandardCharsets.UTF_8));
        entries.put(folder + "/templates/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n".getBytes(StandardCharsets.UTF_8));
        return tarGz(entries);
    }

    static String chartYaml(String name, String version) {
        return "apiVersion: v2\nname: " + name + "\nversion: " + version + "\nappVersion: \"1.16\"\ndescription: A test chart\n";
    }

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    @SuppressWarnings("unchecked")
    static Map<String, List<Map<String, Object>>> entries() throws IOException {
        String yaml = given().auth().preemptive().basic("helm", ADMIN).get(BASE + "index.yaml").then().statusCode(200)
                .extract().asString();
        Map<String, Object> index = new ObjectMapper(new YAMLFactory()).readValue(yaml, Map.class);
        assertThat(index.get("apiVersion")).isEqualTo("v1");
        assertThat(index).containsKey("generated");
        return (Map<String, List<Map<String, Object>>>) index.get("entries");
    }

    @Test
    void putAndChartMuseumUploadsAppearInIndexYaml() throws Exception {
        byte[] v1 = chart("webapp", chartYaml("webapp", "0.1.0"));
        byte[] v2 = chart("webapp", chartYaml("webapp", "0.2.0"));
        byte[] v3 = chart("webapp", chartYaml("webapp", "0.3.0"));
        byte[] prov = "-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA512\n\nname: webapp\n".getBytes(StandardCharsets.UTF_8);
        given().auth().oauth2(ADMIN).body(v1).put(BASE + "charts/webapp-0.1.0.tgz").then().statusCode(201)
                .body("saved", equalTo(true));
        given().auth().oauth2(ADMIN).contentType("application/gzip").body(v2).post(BASE + "api/charts").then().statusCode(201);
        given().auth().oauth2(ADMIN).multiPart("chart", "webapp-0.3.0.tgz", v3).multiPart("prov", "webapp-0.3.0.tgz.prov", prov)
                .post(BASE + "api/charts").then().statusCode(201);

        List<Map<String, Object>> webapp = entries().get("webapp");
        assertThat(webapp).extracting(e -> e.get("version")).containsExactlyInAnyOrder("0.1.0", "0.2.0", "0.3.0");
        Map<String, Object> first = webapp.stream().filter(e -> e.get("version").equals("0.1.0")).findFirst().orElseThrow();
        assertThat(first.get("digest")).isEqualTo(sha256(v1));
        assertThat(first.get("urls")).isEqualTo(List.of("charts/webapp-0.1.0.tgz"));
        assertThat(first.get("appVersion")).isEqualTo("1.16");
        assertThat(first.get("apiVersion")).isEqualTo("v2");
        assertThat((String) first.get("created")).endsWith("Z");

        assertThat(given().auth().oauth2(ADMIN).get(BASE + "charts/webapp-0.1.0.tgz").asByteArray()).isEqualTo(v1);
        assertThat(given().auth().oauth2(ADMIN).get(BASE + "charts/webapp-0.3.0.tgz.prov").asByteArray()).isEqualTo(prov);
        given().auth().oauth2(ADMIN).get(BASE + "api/charts/webapp").then().statusCode(200).body("size()", equalTo(3));
    }

    @Test
    void anUnchangedIndexRevalidatesWith304AndAnUploadChangesItsETag() throws Exception {
        given().auth().oauth2(ADMIN).body(chart("etagapp", chartYaml("etagapp", "1.0.0")))
                .put(BASE + "charts/etagapp-1.0.0.tgz").then().statusCode(201);
        String etag = given().auth().oauth2(ADMIN).get(BASE + "index.yaml").then().statusCode(200).extract().header("ETag");
        assertThat(etag).isNotBlank();
        assertThat(given().auth().oauth2(ADMIN).get(BASE + "index.yaml").then().extract().header("ETag")).isEqualTo(etag);
        given().auth().oauth2(ADMIN).header("If-None-Match", etag).get(BASE + "index.yaml").then().statusCode(304);

        given().auth().oauth2(ADMIN).body(chart("etagapp", chartYaml("etagapp", "1.1.0")))
                .put(BASE + "charts/etagapp-1.1.0.tgz").then().statusCode(201);
        String changed = given().auth().oauth2(ADMIN).header("If-None-Match", etag).get(BASE + "index.yaml")
                .then().statusCode(200).body(containsString("etagapp-1.1.0.tgz")).extract().header("ETag");
        assertThat(changed).isNotEqualTo(etag);
    }

    @Test
    void versionsAreImmutableUnlessForcedAndCanBeDeleted() throws Exception {
        byte[] chart = chart("immut", chartYaml("immut", "1.0.0"));
        byte[] other = chart("immut", chartYaml("immut", "1.0.0") + "home: https://example.invalid\n");
        given().auth().oauth2(ADMIN).body(chart).put(BASE + "charts/immut-1.0.0.tgz").then().statusCode(201);
        given().auth().oauth2(ADMIN).body(chart).put(BASE + "charts/immut-1.0.0.tgz").then().statusCode(201);
        given().auth().oauth2(ADMIN).body(other).post(BASE + "api/charts").then().statusCode(409)
                .body("error", containsString("already exists"));
        given().auth().oauth2(ADMIN).body(other).post(BASE + "api/charts?force").then().statusCode(201);
        assertThat(entries().get("immut").get(0).get("digest")).isEqualTo(sha256(other));

        given().auth().oauth2(ADMIN).delete(BASE + "api/charts/immut/1.0.0").then().statusCode(200);
        assertThat(entries()).doesNotContainKey("immut");
        given().auth().oauth2(ADMIN).get(BASE + "charts/immut-1.0.0.tgz").then().statusCode(404);
        given().auth().oauth2(ADMIN).delete(BASE + "api/charts/immut/1.0.0").then().statusCode(404);
    }

    @Test
    void chartsThatLieAreRefusedAndNothingIsStored() throws Exception {
        Map<String, byte[]> escape = new LinkedHashMap<>();
        escape.put("evil/Chart.yaml", chartYaml("evil", "1.0.0").getBytes(StandardCharsets.UTF_8));
        escape.put("evil/../../etc/passwd", "x".getBytes(StandardCharsets.UTF_8));
        refused(tarGz(escape), "escapes the archive");

        Map<String, byte[]> bomb = new LinkedHashMap<>();
        bomb.put("evil/Chart.yaml", chartYaml("evil", "1.0.0").getBytes(StandardCharsets.UTF_8));
        bomb.put("evil/zeros", new byte[600 << 20]);
        refused(tarGz(bomb), "decompression bomb");

        Map<String, byte[]> noChart = new LinkedHashMap<>();
        noChart.put("evil/values.yaml", "a: b\n".getBytes(StandardCharsets.UTF_8));
        refused(tarGz(noChart), "no <chart>/Chart.yaml");
        refused(chart("evil", "apiVersion: v2\nname: evil\n"), "has no version");
        refused(chart("evil", "apiVersion: v2\nname: [evil\n"), "not valid YAML");
        refused(chart("evil", chartYaml("evil", "banana")), "not a SemVer");
        refused(chart("other", chartYaml("evil", "1.0.0")), "sits in folder other");
        refused("not a tarball".getBytes(StandardCharsets.UTF_8), "gzip");

        given().auth().oauth2(ADMIN).body(chart("evil", chartYaml("evil", "1.0.0"))).put(BASE + "charts/evil-2.0.0.tgz")
                .then().statusCode(400).body("error", containsString("must be named evil-1.0.0.tgz"));
        assertThat(entries()).doesNotContainKey("evil");
    }

    @Test
    void namesCollidingWithAnotherChartAndWritersWithoutRightsAreRefused() throws Exception {
        given().auth().oauth2(ADMIN).body(chart("my-chart", chartYaml("my-chart", "1.0.0"))).post(BASE + "api/charts")
                .then().statusCode(201);
        given().auth().oauth2(ADMIN).body(chart("My_Chart", chartYaml("My_Chart", "1.0.0"))).post(BASE + "api/charts")
                .then().statusCode(400).body("error", containsString("collides with the existing chart my-chart"));
        String reader = Tokens.issue("helm-reader", TestRepositories.HELM, "reader");
        given().auth().preemptive().basic("ci", reader).body(chart("ro", chartYaml("ro", "1.0.0"))).post(BASE + "api/charts")
                .then().statusCode(403);
        given().auth().preemptive().basic("ci", reader).get(BASE + "index.yaml").then().statusCode(200);
        given().get(BASE + "index.yaml").then().statusCode(401);
    }

    private static void refused(byte[] archive, String message) throws IOException {
        given().auth().oauth2(ADMIN).body(archive).post(BASE + "api/charts").then().statusCode(400)
                .body("error", containsString(message));
        assertThat(entries()).doesNotContainKey("evil");
    }
}
