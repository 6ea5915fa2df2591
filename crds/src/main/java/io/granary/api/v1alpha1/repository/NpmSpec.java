package io.granary.api.v1alpha1.repository;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;

/** npm-specific settings. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class NpmSpec {

    @Default("false")
    @JsonPropertyDescription("Allow 'npm unpublish' of versions (writers only, subject to immutability).")
    private Boolean allowUnpublish;

    public Boolean getAllowUnpublish() {
        return allowUnpublish != null ? allowUnpublish : Boolean.FALSE;
    }

    public void setAllowUnpublish(Boolean allowUnpublish) {
        this.allowUnpublish = allowUnpublish;
    }
}
