package io.granary.registry.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.granary.registry.storage.ChecksumAlgorithm;
import org.junit.jupiter.api.Test;

class MavenPathTest {

    @Test
    void releaseArtifactWithClassifierAndChecksum() {
        MavenPath path = MavenPath.parse("org/example/lib/1.2.3/lib-1.2.3-sources.jar.sha1");
        assertThat(path.file()).isEqualTo("org/example/lib/1.2.3/lib-1.2.3-sources.jar");
        assertThat(path.checksum()).contains(ChecksumAlgorithm.SHA1);
        var c = path.coordinates();
        assertThat(c.groupId()).isEqualTo("org.example");
        assertThat(c.artifactId()).isEqualTo("lib");
        assertThat(c.version()).isEqualTo("1.2.3");
        assertThat(c.classifier()).isEqualTo("sources");
        assertThat(c.extension()).isEqualTo("jar");
        assertThat(c.snapshot()).isFalse();
    }

    @Test
    void signaturesKeepTheirCompoundExtension() {
        var c = MavenPath.parse("g/a/1.0/a-1.0.pom.asc").coordinates();
        assertThat(c.extension()).isEqualTo("pom.asc");
        assertThat(c.classifier()).isNull();
    }

    @Test
    void timestampedSnapshot() {
        var c = MavenPath.parse("g/h/a/1.0-SNAPSHOT/a-1.0-20240101.120000-3-tests.jar").coordinates();
        assertThat(c.snapshot()).isTrue();
        assertThat(c.timestamp()).isEqualTo("20240101.120000");
        assertThat(c.buildNumber()).isEqualTo(3);
        assertThat(c.classifier()).isEqualTo("tests");
        assertThat(c.fileVersion()).isEqualTo("1.0-20240101.120000-3");
        assertThat(MavenPath.parse("g/a/1.0-SNAPSHOT/a-1.0-SNAPSHOT.jar").coordinates().timestamp()).isNull();
    }

    @Test
    void metadataAtEveryLevel() {
        assertThat(MavenPath.parse("g/a/maven-metadata.xml").metadata()).isTrue();
        assertThat(MavenPath.parse("g/a/maven-metadata.xml.md5").checksum()).contains(ChecksumAlgorithm.MD5);
        assertThat(MavenPath.parse("g/a/1.0-SNAPSHOT/maven-metadata.xml").folder()).isEqualTo("g/a/1.0-SNAPSHOT");
    }

    @Test
    void pathsOutsideTheLayoutAreRefused() {
        assertThatThrownBy(() -> MavenPath.parse("a/1.0/a-1.0.jar")).hasMessageContaining("groupId");
        assertThatThrownBy(() -> MavenPath.parse("g/a/1.0/b-1.0.jar")).hasMessageContaining("artifactId");
        assertThatThrownBy(() -> MavenPath.parse("g/a/1.0/a-2.0.jar")).hasMessageContaining("version");
        assertThatThrownBy(() -> MavenPath.parse("g/a/1.0/a-1.0")).hasMessageContaining("extension");
        assertThatThrownBy(() -> MavenPath.parse("g/a/1.0-SNAPSHOT/a-1.0-latest.jar")).hasMessageContaining("snapshot");
        assertThatThrownBy(() -> MavenPath.parse("g/a/1.0/")).hasMessageContaining("folder");
        assertThatThrownBy(() -> MavenPath.parse("g/a b/1.0/a b-1.0.jar")).hasMessageContaining("segment");
        assertThatThrownBy(() -> MavenPath.parse("maven-metadata.xml")).hasMessageContaining("folder");
    }
}
