package io.granary.api.v1alpha1.repository;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

/** Service level indicators measured over slo.window, as reported by the registry. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RepositorySli {

    @JsonPropertyDescription("Share of pulls that succeeded, e.g. \"0.9996\".")
    private String pullSuccessRatio;

    @JsonPropertyDescription("95th percentile pull latency, e.g. 41ms.")
    private String pullP95;

    @JsonPropertyDescription("Share of pushes that succeeded.")
    private String pushSuccessRatio;

    @JsonPropertyDescription("95th percentile push latency.")
    private String pushP95;

    public String getPullSuccessRatio() {
        return pullSuccessRatio;
    }

    public void setPullSuccessRatio(String pullSuccessRatio) {
        this.pullSuccessRatio = pullSuccessRatio;
    }

    public String getPullP95() {
        return pullP95;
    }

    public void setPullP95(String pullP95) {
        this.pullP95 = pullP95;
    }

    public String getPushSuccessRatio() {
        return pushSuccessRatio;
    }

    public void setPushSuccessRatio(String pushSuccessRatio) {
        this.pushSuccessRatio = pushSuccessRatio;
    }

    public String getPushP95() {
        return pushP95;
    }

    public void setPushP95(String pushP95) {
        this.pushP95 = pushP95;
    }

    @Override
    public boolean equals(Object o) {
        if (o == null || o.getClass() != getClass()) {
            return false;
        }
        RepositorySli other = (RepositorySli) o;
        return Objects.equals(pullSuccessRatio, other.pullSuccessRatio)
                && Objects.equals(pullP95, other.pullP95)
                && Objects.equals(pushSuccessRatio, other.pushSuccessRatio)
                && Objects.equals(pushP95, other.pushP95);
    }

    @Override
    public int hashCode() {
        return Objects.hash(pullSuccessRatio, pullP95, pushSuccessRatio, pushP95);
    }
}
