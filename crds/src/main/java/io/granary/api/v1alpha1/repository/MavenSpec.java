package io.granary.api.v1alpha1.repository;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;

/** Maven-specific settings. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class MavenSpec {

    @Default("release")
    @JsonPropertyDescription("Which versions are accepted: release, snapshot or mixed.")
    private MavenVersionPolicy versionPolicy;

    public MavenVersionPolicy getVersionPolicy() {
        return versionPolicy != null ? versionPolicy : MavenVersionPolicy.RELEASE;
    }

    public void setVersionPolicy(MavenVersionPolicy versionPolicy) {
        this.versionPolicy = versionPolicy;
    }
}
