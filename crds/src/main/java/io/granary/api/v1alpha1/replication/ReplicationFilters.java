package io.granary.api.v1alpha1.replication;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;

/** Which artifacts are replicated. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ReplicationFilters {

    @JsonPropertyDescription("Glob patterns of artifact names (Maven group:artifact, package or image name); all when empty.")
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    private List<String> include = new ArrayList<>();

    @JsonPropertyDescription("Glob patterns of artifact names or versions never replicated.")
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    private List<String> exclude = new ArrayList<>();

    public List<String> getInclude() {
        return include;
    }

    public void setInclude(List<String> include) {
        this.include = include;
    }

    public List<String> getExclude() {
        return exclude;
    }

    public void setExclude(List<String> exclude) {
        this.exclude = exclude;
    }
}
