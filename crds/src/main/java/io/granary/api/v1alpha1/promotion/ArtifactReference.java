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
    @JsonPropertyDescription("Artifact name: Maven group:artifact, package or image name, or file path.")
    private String name;

    @Required
    @JsonPropertyDescription("Version or tag.")
    private String version;

    @Pattern(ApiPatterns.SHA256_DIGEST)
    @JsonPropertyDescription("Expected digest; promotion is refused when the source holds different bytes.")
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
