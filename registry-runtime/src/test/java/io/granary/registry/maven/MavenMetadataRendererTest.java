package io.granary.registry.maven;

import static org.assertj.core.api.Assertions.assertThat;

import io.granary.registry.maven.MavenMetadataRenderer.StoredFile;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class MavenMetadataRendererTest {

    private static final Instant T = Instant.parse("2026-01-02T03:04:05Z");

    private static StoredFile file(String path) {
        return new StoredFile(path, T);
    }

    @Test
    void artifactLevelListsVersionsInMavenOrder() {
        List<StoredFile> files = new ArrayList<>(List.of(
                file("org/ex/a/1.10/a-1.10.jar"), file("org/ex/a/1.9/a-1.9.pom"), file("org/ex/a/1.9/a-1.9.jar"),
                file("org/ex/a/2.0-SNAPSHOT/a-2.0-20260101.000000-1.jar"), file("org/ex/a/1.10-rc1/a-1.10-rc1.jar"),
                // Another artifact below the same folder (groupId org.ex.a) is not a version of a.
                file("org/ex/a/b/1.0/b-1.0.jar"), file("org/ex/a/maven-metadata.xml")));
        String xml = new String(MavenMetadataRenderer.artifactLevel("org/ex/a", files).orElseThrow(),
                StandardCharsets.UTF_8);
        assertThat(xml).contains("<groupId>org.ex</groupId>", "<artifactId>a</artifactId>",
                "<latest>2.0-SNAPSHOT</latest>", "<release>1.10</release>", "<lastUpdated>20260102030405</lastUpdated>");
        assertThat(xml.indexOf("<version>1.9</version>")).isLessThan(xml.indexOf("<version>1.10-rc1</version>"));
        assertThat(xml.indexOf("<version>1.10-rc1</version>")).isLessThan(xml.indexOf("<version>1.10</version>"));
        assertThat(xml).doesNotContain("<version>1.0</version>");
        Collections.reverse(files);
        assertThat(MavenMetadataRenderer.artifactLevel("org/ex/a", files).orElseThrow())
                .isEqualTo(xml.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void artifactLevelIsEmptyWithoutVersions() {
        assertThat(MavenMetadataRenderer.artifactLevel("org/ex", List.of(file("org/ex/a/1.0/a-1.0.jar")))).isEmpty();
    }

    @Test
    void snapshotLevelTakesTheNewestBuildPerClassifierAndExtension() {
        String dir = "g/a/1.0-SNAPSHOT/";
        List<StoredFile> files = List.of(
                file(dir + "a-1.0-20260101.100000-1.jar"), file(dir + "a-1.0-20260101.100000-1.pom"),
                file(dir + "a-1.0-20260101.100000-1-sources.jar"),
                file(dir + "a-1.0-20260102.110000-2.jar"), file(dir + "a-1.0-20260102.110000-2.pom"));
        String xml = new String(MavenMetadataRenderer.snapshotLevel("g/a/1.0-SNAPSHOT", files).orElseThrow(),
                StandardCharsets.UTF_8);
        assertThat(xml).contains("<metadata modelVersion=\"1.1.0\">", "<version>1.0-SNAPSHOT</version>",
                "<timestamp>20260102.110000</timestamp>", "<buildNumber>2</buildNumber>",
                "<lastUpdated>20260102110000</lastUpdated>",
                "<extension>jar</extension>\n        <value>1.0-20260102.110000-2</value>",
                "<classifier>sources</classifier>\n        <extension>jar</extension>\n        <value>1.0-20260101.100000-1</value>",
                "<extension>pom</extension>\n        <value>1.0-20260102.110000-2</value>\n        <updated>20260102110000</updated>");
    }
}
