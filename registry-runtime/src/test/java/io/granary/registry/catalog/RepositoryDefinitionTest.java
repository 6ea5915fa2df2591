package io.granary.registry.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.granary.api.v1alpha1.repository.Repository;
import io.granary.api.v1alpha1.repository.RepositoryFormat;
import io.granary.api.v1alpha1.repository.RepositoryType;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class RepositoryDefinitionTest {

    private static final ObjectMapper YAML = JsonMapper.builder(new YAMLFactory())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    @Test
    void minimalRepositoryGetsTheDefaults() throws IOException {
        RepositoryDefinition repository = definition("spec: {format: generic}");

        assertThat(repository.name()).isEqualTo("repo");
        assertThat(repository.format()).isEqualTo(RepositoryFormat.GENERIC);
        assertThat(repository.type()).isEqualTo(RepositoryType.HOSTED);
        assertThat(repository.anonymousRead()).isFalse();
        assertThat(repository.quotaBytes()).isEmpty();
        assertThat(repository.hasImmutability()).isFalse();
    }

    @Test
    void anonymousReadComesFromTheAccessSection() throws IOException {
        assertThat(definition("spec: {format: generic, access: {anonymousRead: true}}").anonymousRead()).isTrue();
    }

    @Test
    void quotaIsConvertedToBytes() throws IOException {
        RepositoryDefinition repository = definition("spec: {format: generic, storage: {quota: 10Mi}}");

        assertThat(repository.quotaBytes()).hasValue(10L * 1024 * 1024);
    }

    @Test
    void invalidQuotaMakesTheDefinitionInvalid() {
        assertThatThrownBy(() -> definition("spec: {format: generic, storage: {quota: ten}}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Repository repo is invalid");
    }

    @Test
    void nothingIsImmutableWithoutImmutability() throws IOException {
        assertThat(definition("spec: {format: generic}").isImmutable("a/b.jar")).isFalse();
    }

    @Test
    void everythingIsImmutableWhenEnabledWithoutPatterns() throws IOException {
        RepositoryDefinition repository = definition("spec: {format: generic, immutability: {enabled: true}}");

        assertThat(repository.hasImmutability()).isTrue();
        assertThat(repository.isImmutable("a/b.jar")).isTrue();
        assertThat(repository.isImmutable("top.txt")).isTrue();
    }

    @Test
    void onlyMatchingPathsAreImmutableWhenPatternsAreGiven() throws IOException {
        RepositoryDefinition repository = definition("""
                spec:
                  format: generic
                  immutability: {enabled: true, patterns: ["releases/**", "**/*.tgz"]}
                """);

        assertThat(repository.isImmutable("releases/1.0/app.jar")).isTrue();
        assertThat(repository.isImmutable("charts/app-1.0.tgz")).isTrue();
        assertThat(repository.isImmutable("snapshots/app.jar")).isFalse();
        assertThat(repository.isImmutable("releasesX/app.jar")).isFalse();
    }

    @Test
    void patternsHaveNoEffectWhileImmutabilityIsDisabled() throws IOException {
        RepositoryDefinition repository = definition("""
                spec:
                  format: generic
                  immutability: {enabled: false, patterns: ["**"]}
                """);

        assertThat(repository.hasImmutability()).isFalse();
        assertThat(repository.isImmutable("releases/1.0/app.jar")).isFalse();
    }

    @Test
    void formatIsRequired() {
        assertThatThrownBy(() -> definition("spec: {type: hosted}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Repository repo is invalid")
                .hasMessageContaining("spec.format is required");
    }

    @Test
    void specIsRequired() {
        assertThatThrownBy(() -> definition(""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("spec is required");
    }

    @Test
    void nameIsRequired() throws IOException {
        Repository resource = YAML.readValue("""
                apiVersion: granary.io/v1alpha1
                kind: Repository
                spec: {format: generic}
                """, Repository.class);

        assertThatThrownBy(() -> RepositoryDefinition.of(resource))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("metadata.name is required");
    }

    private static RepositoryDefinition definition(String specYaml) throws IOException {
        String yaml = """
                apiVersion: granary.io/v1alpha1
                kind: Repository
                metadata: {name: repo}
                """ + specYaml;
        return RepositoryDefinition.of(YAML.readValue(yaml, Repository.class));
    }
}
