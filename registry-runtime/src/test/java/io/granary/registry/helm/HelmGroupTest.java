package io.granary.registry.helm;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.granary.registry.group.GroupTestResources;
import io.granary.registry.group.GroupTokens;
import io.granary.registry.testsupport.GranaryTestResources;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A Helm group of two hosted members through HTTP: merged index.yaml, charts, isolation, upload. */
@QuarkusTest
@QuarkusTestResource(value = GroupTestResources.class, restrictToAnnotatedClass = true)
class HelmGroupTest {

    private static final String ADMIN = GranaryTestResources.ADMIN_TOKEN;

    static byte[] chart(String name, String version) throws Exception {
        return HelmRepositoryTest.chart(name, HelmRepositoryTest.chartYaml(name, version));
    }

    static byte[] put(String repo, String name, String version) throws Exception {
        byte[] chart = chart(name, version);
        given().auth().oauth2(ADMIN).body(chart).put("/helm/" + repo + "/charts/" + name + "-" + version + ".tgz")
                .then().statusCode(201);
        return chart;
    }

    @SuppressWarnings("unchecked")
    static Map<String, List<Map<String, Object>>> entries(String token, String repo) throws Exception {
        String yaml = given().auth().preemptive().basic("helm", token).get("/helm/" + repo + "/index.yaml")
                .then().statusCode(200).extract().asString();
        Map<String, Object> index = new ObjectMapper(new YAMLFactory()).readValue(yaml, Map.class);
        assertThat(index.get("apiVersion")).isEqualTo("v1");
        return (Map<String, List<Map<String, Object>>>) index.get("entries");
    }

    @Test
    void indexYamlIsTheUnionAndChartsComeThroughTheGroup() throws Exception {
        byte[] fromA = put("helm-a", "web", "0.1.0");
        put("helm-b", "web", "0.2.0");
        put("helm-b", "web", "0.1.0");
        put("helm-b", "db", "1.0.0");

        Map<String, List<Map<String, Object>>> entries = entries(ADMIN, "helm-group");
        assertThat(entries.get("web")).extracting(e -> e.get("version")).containsExactlyInAnyOrder("0.1.0", "0.2.0");
        assertThat(entries.get("db")).extracting(e -> e.get("version")).containsExactly("1.0.0");
        Map<String, Object> first = entries.get("web").stream().filter(e -> e.get("version").equals("0.1.0")).findFirst()
                .orElseThrow();
        assertThat(first.get("digest")).isEqualTo(HelmRepositoryTest.sha256(fromA));
        for (Map<String, Object> entry : entries.get("web")) {
            String url = ((List<String>) entry.get("urls")).get(0);
            assertThat(url).doesNotContain("helm-a", "helm-b");
            byte[] served = given().auth().preemptive().basic("helm", ADMIN).get("/helm/helm-group/" + url)
                    .then().statusCode(200).extract().asByteArray();
            assertThat(HelmRepositoryTest.sha256(served)).isEqualTo(entry.get("digest"));
        }
    }

    @Test
    void aMemberTheCallerMayNotReadStaysInvisible() throws Exception {
        put("helm-a", "iso", "1.0.0");
        put("helm-b", "iso", "2.0.0");
        String onlyA = GroupTokens.reader("helm-only-a", "helm-group", "helm-a");
        assertThat(entries(onlyA, "helm-group").get("iso")).extracting(e -> e.get("version")).containsExactly("1.0.0");
        given().auth().preemptive().basic("helm", onlyA).get("/helm/helm-group/charts/iso-2.0.0.tgz").then().statusCode(404);
    }

    @Test
    void uploadsGoToTheDeployMemberOr405() throws Exception {
        given().auth().oauth2(ADMIN).contentType("application/gzip").body(chart("viagroup", "1.0.0"))
                .post("/helm/helm-group/api/charts").then().statusCode(201);
        assertThat(entries(ADMIN, "helm-a")).containsKey("viagroup");
        assertThat(entries(ADMIN, "helm-b")).doesNotContainKey("viagroup");
        given().auth().oauth2(ADMIN).body(chart("viaro", "1.0.0")).put("/helm/helm-readonly/charts/viaro-1.0.0.tgz")
                .then().statusCode(405);
        assertThat(entries(ADMIN, "helm-a")).doesNotContainKey("viaro");
    }

    @Test
    void mergedIndexRevalidatesWithIfNoneMatch() throws Exception {
        put("helm-a", "etag-chart", "1.0.0");
        io.granary.registry.group.ConditionalReads.assertRevalidates(etag -> {
            var request = given().auth().preemptive().basic("helm", ADMIN);
            return (etag == null ? request : request.header("If-None-Match", etag)).get("/helm/helm-group/index.yaml");
        }, () -> {
            try {
                put("helm-b", "etag-chart", "1.1.0");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }
}
