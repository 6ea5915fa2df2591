package io.granary.operator.repository;

import static org.assertj.core.api.Assertions.assertThat;

import io.granary.api.v1alpha1.repository.RepositoryFormat;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class ClientConfigsTest {

    private static final String REGISTRY = "http://default.platform.svc:8080";

    @Test
    void npmrcScopesTheTokenToTheRepositoryPath() {
        String url = ClientConfigs.repositoryUrl(RepositoryFormat.NPM, REGISTRY, "npm-local");
        var data = ClientConfigs.of(RepositoryFormat.NPM, "npm-local", REGISTRY, url, "ci", "tok");
        assertThat(data.get(".npmrc")).isEqualTo("registry=http://default.platform.svc:8080/npm/npm-local/\n"
                + "//default.platform.svc:8080/npm/npm-local/:_authToken=tok\nalways-auth=true\n");
    }

    @Test
    void mavenSettingsNameTheRepositoryAsServerId() {
        String url = ClientConfigs.repositoryUrl(RepositoryFormat.MAVEN, REGISTRY, "releases");
        String settings = ClientConfigs.of(RepositoryFormat.MAVEN, "releases", REGISTRY, url, "ci", "t<k").get("settings.xml");
        assertThat(settings).contains("<id>releases</id>", "<username>ci</username>", "<password>t&lt;k</password>",
                "<url>http://default.platform.svc:8080/maven/releases/</url>");
    }

    @Test
    void mavenSettingsSendCredentialsPreemptively() throws Exception {
        String url = ClientConfigs.repositoryUrl(RepositoryFormat.MAVEN, REGISTRY, "releases");
        String settings = ClientConfigs.of(RepositoryFormat.MAVEN, "releases", REGISTRY, url, "ci", "tok").get("settings.xml");
        // Parsed, not matched as text: Maven reads the option only at this place inside the server entry.
        var document = javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new java.io.ByteArrayInputStream(settings.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        String preemptive = javax.xml.xpath.XPathFactory.newInstance().newXPath().evaluate(
                "/settings/servers/server[id='releases']/configuration/httpConfiguration/all/usePreemptive", document);
        assertThat(preemptive).isEqualTo("true");
    }

    @Test
    void pipAndDockerConfigs() {
        String pypi = ClientConfigs.repositoryUrl(RepositoryFormat.PYPI, REGISTRY, "pypi-proxy");
        assertThat(ClientConfigs.of(RepositoryFormat.PYPI, "pypi-proxy", REGISTRY, pypi, "ci", "tok").get("pip.conf"))
                .isEqualTo("[global]\nindex-url = http://ci:tok@default.platform.svc:8080/pypi/pypi-proxy/simple/\n");
        String oci = ClientConfigs.repositoryUrl(RepositoryFormat.OCI, REGISTRY, "images");
        assertThat(oci).isEqualTo("http://default.platform.svc:8080/v2/images/");
        String docker = ClientConfigs.of(RepositoryFormat.OCI, "images", REGISTRY, oci, "ci", "tok").get(".dockerconfigjson");
        assertThat(docker).contains("\"default.platform.svc:8080\"")
                .contains(Base64.getEncoder().encodeToString("ci:tok".getBytes(StandardCharsets.UTF_8)));
    }
}
