package io.granary.api.v1alpha1.repository;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.granary.api.v1alpha1.common.ConditionedStatus;
import java.util.Objects;

/** Observed state of a Repository: where it is served, what it stores, how it performs. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"observedGeneration", "url", "usage", "sli", "conditions"})
public class RepositoryStatus extends ConditionedStatus {

    @JsonPropertyDescription("Base URL at which clients reach the repository.")
    private String url;

    @JsonPropertyDescription("Artifacts and bytes stored.")
    private RepositoryUsage usage;

    @JsonPropertyDescription("Measured indicators, compared with spec.slo in PullSLOMet and PushSLOMet.")
    private RepositorySli sli;

    public String getUrl() {
        return url;
    }

    public void setUrl(String url) {
        this.url = url;
    }

    public RepositoryUsage getUsage() {
        return usage;
    }

    public void setUsage(RepositoryUsage usage) {
        this.usage = usage;
    }

    public RepositorySli getSli() {
        return sli;
    }

    public void setSli(RepositorySli sli) {
        this.sli = sli;
    }

    @Override
    public boolean equals(Object o) {
        if (!super.equals(o)) {
            return false;
        }
        RepositoryStatus other = (RepositoryStatus) o;
        return Objects.equals(url, other.url)
                && Objects.equals(usage, other.usage)
                && Objects.equals(sli, other.sli);
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), url, usage, sli);
    }
}
