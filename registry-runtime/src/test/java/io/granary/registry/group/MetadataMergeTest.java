package io.granary.registry.group;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.granary.api.v1alpha1.repository.Repository;
import io.granary.registry.catalog.RepositoryDefinition;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The merges on documents shaped as members other than Granary's hosted ones may answer (a proxy
 * member relays its upstream's pages): mixed HTML and JSON simple pages, version-level and
 * plugin-group Maven metadata, malformed documents.
 */
class MetadataMergeTest {

    private static GroupRequest request(String format, String prefix, String rest) throws Exception {
        Repository resource = com.fasterxml.jackson.databind.json.JsonMapper.builder(new YAMLFactory())
                .disable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build().readValue("""
                apiVersion: granary.io/v1alpha1
                kind: Repository
                metadata: {name: all}
                spec: {format: %s, type: group, members: [one, two]}
                """.formatted(format), Repository.class);
        return new GroupRequest(null, RepositoryDefinition.of(resource), prefix, rest, null, List.of("one", "two"), null);
    }

    private static MetadataMerge.MemberBody body(String member, String type, String text) {
        return new MetadataMerge.MemberBody(member, type, text.getBytes(StandardCharsets.UTF_8));
    }

    private static String text(MetadataMerge.Merged merged) {
        return new String(merged.bytes(), StandardCharsets.UTF_8);
    }

    @Test
    void pypiPagesOfEitherKindMergeIntoTheFirstMembersKind() throws Exception {
        GroupRequest request = request("pypi", "/pypi/", "simple/demo/");
        var json = body("one", PypiSimpleMerge.JSON, """
                {"meta":{"api-version":"1.1"},"name":"demo","versions":["1.0"],"files":[{"filename":"demo-1.0.tar.gz",
                "url":"http://h/pypi/one/files/demo/demo-1.0.tar.gz","hashes":{"sha256":"aa"}}]}""");
        var html = body("two", "text/html", """
                <html><body><a href="http://h/pypi/two/files/demo/demo-2.0-py3-none-any.whl#sha256=bb"
                 data-requires-python="&gt;=3.9" data-core-metadata="sha256=cc">demo-2.0-py3-none-any.whl</a>
                <a href="../../packages/demo-1.0.tar.gz#sha256=dd">demo-1.0.tar.gz</a></body></html>""");

        JsonObject merged = new JsonObject(text(PypiSimpleMerge.forPath("simple/demo/").merge(request, List.of(json, html))));
        assertThat(merged.getJsonArray("files").stream().map(f -> ((JsonObject) f).getString("filename")))
                .containsExactly("demo-1.0.tar.gz", "demo-2.0-py3-none-any.whl");
        JsonObject wheel = merged.getJsonArray("files").getJsonObject(1);
        assertThat(wheel.getString("url")).isEqualTo("http://h/pypi/all/files/demo/demo-2.0-py3-none-any.whl");
        assertThat(wheel.getJsonObject("hashes").getString("sha256")).isEqualTo("bb");
        assertThat(wheel.getString("requires-python")).isEqualTo(">=3.9");
        assertThat(wheel.getJsonObject("core-metadata").getString("sha256")).isEqualTo("cc");

        String page = text(PypiSimpleMerge.forPath("simple/demo/").merge(request, List.of(html, json)));
        assertThat(page).contains("<a href=\"http://h/pypi/all/files/demo/demo-2.0-py3-none-any.whl#sha256=bb\" "
                + "data-requires-python=\"&gt;=3.9\" data-core-metadata=\"sha256=cc\"")
                .contains("<a href=\"../../packages/demo-1.0.tar.gz#sha256=dd\">demo-1.0.tar.gz</a>")
                .doesNotContain("#sha256=aa");
        assertThat(PypiSimpleMerge.forPath("simple/Not_Normal/")).isNull();
    }

    @Test
    void mavenVersionLevelMetadataIsTheNewestMembersAndPluginsAreUnited() throws Exception {
        GroupRequest request = request("maven", "/maven/", "g/a/1.0-SNAPSHOT/maven-metadata.xml");
        String older = "<metadata><groupId>g</groupId><artifactId>a</artifactId><version>1.0-SNAPSHOT</version><versioning>"
                + "<snapshot><timestamp>20250101.000000</timestamp><buildNumber>3</buildNumber></snapshot>"
                + "<lastUpdated>20250101000000</lastUpdated></versioning></metadata>";
        String newer = older.replace("20250101", "20260101").replace("<buildNumber>3", "<buildNumber>1");
        MavenMetadataMerge merge = MavenMetadataMerge.forPath("g/a/1.0-SNAPSHOT/maven-metadata.xml");
        assertThat(text(merge.merge(request, List.of(body("one", null, older), body("two", null, newer))))).isEqualTo(newer);

        String plugins1 = "<metadata><plugins><plugin><name>X</name><prefix>x</prefix><artifactId>x-maven-plugin</artifactId>"
                + "</plugin></plugins></metadata>";
        String plugins2 = plugins1.replace(">x<", ">y<").replace("x-maven", "y-maven");
        String united = text(MavenMetadataMerge.forPath("g/maven-metadata.xml")
                .merge(request, List.of(body("one", null, plugins1), body("two", null, plugins2))));
        assertThat(united).contains("<prefix>x</prefix>", "<prefix>y</prefix>");

        assertThat(MavenMetadataMerge.forPath("g/a/1.0/a-1.0.jar")).isNull();
        assertThat(MavenMetadataMerge.forPath("g/a/maven-metadata.xml.sha1").memberPath("g/a/maven-metadata.xml.sha1"))
                .isEqualTo("g/a/maven-metadata.xml");
        assertThatThrownBy(() -> merge.merge(request, List.of(body("one", null, "<metadata>"), body("two", null, newer))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("one");
        assertThat(Optional.ofNullable(MetadataMerges.forPath(io.granary.api.v1alpha1.repository.RepositoryFormat.GENERIC,
                "maven-metadata.xml"))).isEmpty();
    }
}
