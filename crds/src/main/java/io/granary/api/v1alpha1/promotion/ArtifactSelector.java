package io.granary.api.v1alpha1.promotion;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;

/** Artifacts chosen by name and version patterns; every version that matches is promoted once it passes the gates. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ArtifactSelector {

    @JsonPropertyDescription("Glob patterns of artifact names; all when empty.")
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    private List<String> names = new ArrayList<>();

    @JsonPropertyDescription("Glob patterns of versions or tags, e.g. \"1.*\"; all when empty.")
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    private List<String> versions = new ArrayList<>();

    @JsonPropertyDescription("Glob patterns of versions or tags never promoted, e.g. \"*-SNAPSHOT\".")
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    private List<String> exclude = new ArrayList<>();

    public List<String> getNames() {
        return names;
    }

    public void setNames(List<String> names) {
        this.names = names;
    }

    public List<String> getVersions() {
        return versions;
    }

    public void setVersions(List<String> versions) {
        this.versions = versions;
    }

    public List<String> getExclude() {
        return exclude;
    }

    public void setExclude(List<String> exclude) {
        this.exclude = exclude;
    }
}
