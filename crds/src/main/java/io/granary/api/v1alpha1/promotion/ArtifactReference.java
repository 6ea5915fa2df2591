package io.granary.api.v1alpha1.promotion;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.granary.api.v1alpha1.common.ApiPatterns;

/** One artifact version to promote, as written in Git. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ArtifactReference {

    @Required
    @JsonPropertyDescription("Artifact name, as the format's clients name it: OCI image name below the repository (myapp for "
            + "myapp:1.4.2), Maven group:artifact (com.acme:lib), Helm chart name, PyPI project (any spelling; PEP 503 "
            + "normalised), generic folder path whose child folder is the version (tools/cli for tools/cli/1.0/**). "
            + "npm is not promoted yet.")
    private String name;

    @Required
    @JsonPropertyDescription("Version: OCI tag, Maven version folder (every file in it: jar, pom, .asc, SBOMs), Helm chart "
            + "version (archive and .prov), PyPI version (every distribution file), generic version folder.")
    private String version;

    @Pattern(ApiPatterns.SHA256_DIGEST)
    @JsonPropertyDescription("Expected sha256 digest of the image manifest, or of the main file (Maven jar, else pom; Helm "
            + "archive; a PyPI distribution); promotion is refused when the source holds different bytes.")
    private String digest;

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public String getVersion() {
        return version;
    }

    public void setVersion(String version) {
        this.version = version;
    }

    public String getDigest() {
        return digest;
    }

    public void setDigest(String digest) {
        this.digest = digest;
    }
}
