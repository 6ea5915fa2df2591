package io.granary.registry.group;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.granary.registry.proxy.NginxUpstream;
import io.granary.registry.testsupport.GranaryTestResources;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Groups mixing a hosted member with a proxy of a real nginx upstream, through HTTP: a proxy member
 * that fails during a merge is named in the incomplete-merge header (and the hosted part is still
 * served), and a proxy member the caller may not read stays invisible without the upstream being asked.
 */
@QuarkusTest
@QuarkusTestResource(value = GroupTestResources.class, restrictToAnnotatedClass = true)
class MixedGroupTest {

    private static final String ADMIN = GranaryTestResources.ADMIN_TOKEN;
    private static NginxUpstream upstream;

    @BeforeEach
    void declare() {
        if (upstream != null) {
            return;
        }
        upstream = new NginxUpstream().start();
        MixedGroups.declare("maven-mixhttp", "maven", upstream.url() + "maven/", "");
        // Only callers granted the proxy read it.
        MixedGroups.declare("generic-private", "generic", upstream.url() + "generic/", "", "{}");
        MixedGroups.declare("maven-private", "maven", upstream.url() + "maven/", "", "{}");
    }

    @AfterAll
    static void stop() {
        if (upstream != null) {
            upstream.close();
        }
    }

    private static Response get(String token, String path) {
        return given().auth().preemptive().basic("reader", token).get(path);
    }

    private static void putHosted(String path, String content) {
        given().auth().preemptive().basic("deployer", ADMIN).body(content.getBytes(StandardCharsets.UTF_8))
                .put(path).then().statusCode(201);
    }

    private static String metadata(String artifactId, String version) {
        return "<metadata><groupId>org.mixed</groupId><artifactId>" + artifactId + "</artifactId><versioning><release>"
                + version + "</release><versions><version>" + version + "</version></versions></versioning></metadata>";
    }

    @Test
    void aProxyMemberFailingDuringAMergeIsNamedAndTheRestIsServed() {
        putHosted("/maven/maven-a/org/mixed/whole/1.0/whole-1.0.jar", "1.0");
        putHosted("/maven/maven-a/org/mixed/partial/1.0/partial-1.0.jar", "1.0");
        upstream.put("maven/org/mixed/whole/maven-metadata.xml", metadata("whole", "2.0"));
        upstream.put("maven/org/mixed/partial/maven-metadata.xml", metadata("partial", "2.0"));

        Response whole = get(ADMIN, "/maven/maven-mixhttp/org/mixed/whole/maven-metadata.xml");
        assertThat(whole.statusCode()).isEqualTo(200);
        assertThat(whole.asString()).contains("<version>1.0</version>", "<version>2.0</version>");
        assertThat(whole.header(MergedRead.INCOMPLETE)).isNull();

        upstream.stop();
        try {
            // Never fetched, so the proxy has no copy to serve while its upstream is down.
            Response partial = get(ADMIN, "/maven/maven-mixhttp/org/mixed/partial/maven-metadata.xml");
            assertThat(partial.statusCode()).isEqualTo(200);
            assertThat(partial.asString()).contains("<version>1.0</version>").doesNotContain("2.0");
            assertThat(partial.header(MergedRead.INCOMPLETE)).startsWith(MixedGroups.remote("maven-mixhttp") + " (5");
            // Its checksum is of the same incomplete document, so a client's check still passes.
            assertThat(get(ADMIN, "/maven/maven-mixhttp/org/mixed/partial/maven-metadata.xml.sha1").header(MergedRead.INCOMPLETE))
                    .startsWith(MixedGroups.remote("maven-mixhttp"));
        } finally {
            upstream.start();
        }
        Response complete = get(ADMIN, "/maven/maven-mixhttp/org/mixed/partial/maven-metadata.xml");
        assertThat(complete.asString()).contains("<version>1.0</version>", "<version>2.0</version>");
        assertThat(complete.header(MergedRead.INCOMPLETE)).isNull();
    }

    @Test
    void aProxyMemberTheCallerMayNotReadStaysInvisibleAndItsUpstreamUnasked() {
        String remote = MixedGroups.remote("generic-private");
        upstream.put("generic/hidden/only-upstream.txt", "upstream bytes");
        putHosted("/generic/generic-a/hidden/hosted.txt", "hosted bytes");
        String groupAndHosted = GroupTokens.reader("mixed-no-proxy", "generic-private", "generic-a", "maven-private",
                "maven-a");

        assertThat(get(groupAndHosted, "/generic/generic-private/hidden/hosted.txt").asString()).isEqualTo("hosted bytes");
        get(groupAndHosted, "/generic/generic-private/hidden/only-upstream.txt").then().statusCode(404);
        get(groupAndHosted, "/generic/" + remote + "/hidden/only-upstream.txt").then().statusCode(403);
        assertThat(upstream.requests("/generic/hidden/only-upstream.txt")).isZero();

        String withProxy = GroupTokens.reader("mixed-with-proxy", "generic-private", "generic-a", remote);
        assertThat(get(withProxy, "/generic/generic-private/hidden/only-upstream.txt").then().statusCode(200).extract()
                .asString()).isEqualTo("upstream bytes");
        assertThat(upstream.requests("/generic/hidden/only-upstream.txt")).isEqualTo(1);

        // Merged metadata leaves out what only the unreadable proxy has, and does not report it as a failure.
        putHosted("/maven/maven-a/org/mixed/private/1.0/private-1.0.jar", "1.0");
        upstream.put("maven/org/mixed/private/maven-metadata.xml", metadata("private", "2.0"));
        Response merged = get(groupAndHosted, "/maven/maven-private/org/mixed/private/maven-metadata.xml");
        assertThat(merged.statusCode()).isEqualTo(200);
        assertThat(merged.asString()).contains("<version>1.0</version>").doesNotContain("2.0");
        assertThat(merged.header(MergedRead.INCOMPLETE)).isNull();
        assertThat(upstream.requests("/maven/org/mixed/private/maven-metadata.xml")).isZero();
    }
}
