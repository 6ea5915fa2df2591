package io.granary.api.v1alpha1.repository;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;

/** OCI-specific settings. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class OciSpec {

    @JsonPropertyDescription("Glob patterns of tags that can never be moved to another digest once pushed, e.g. v*. Digests are always immutable.")
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    private List<String> immutableTagPatterns = new ArrayList<>();

    public List<String> getImmutableTagPatterns() {
        return immutableTagPatterns;
    }

    public void setImmutableTagPatterns(List<String> immutableTagPatterns) {
        this.immutableTagPatterns = immutableTagPatterns;
    }
}
