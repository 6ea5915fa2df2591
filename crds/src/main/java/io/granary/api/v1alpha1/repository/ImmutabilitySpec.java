package io.granary.api.v1alpha1.repository;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import java.util.ArrayList;
import java.util.List;

/** Which artifacts can never be overwritten once written (release versions, tags). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ImmutabilitySpec {

    @Default("false")
    @JsonPropertyDescription("Refuse to overwrite artifacts that match the patterns. Maven SNAPSHOT versions always stay overwritable.")
    private Boolean enabled;

    @JsonPropertyDescription("Glob patterns of artifact paths, versions or tags that are immutable; empty means every artifact of the repository.")
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    private List<String> patterns = new ArrayList<>();

    public Boolean getEnabled() {
        return enabled != null ? enabled : Boolean.FALSE;
    }

    public void setEnabled(Boolean enabled) {
        this.enabled = enabled;
    }

    public List<String> getPatterns() {
        return patterns;
    }

    public void setPatterns(List<String> patterns) {
        this.patterns = patterns;
    }
}
