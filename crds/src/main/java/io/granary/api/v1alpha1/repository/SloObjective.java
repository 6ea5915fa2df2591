package io.granary.api.v1alpha1.repository;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.ValidationRule;
import io.granary.api.v1alpha1.common.ApiPatterns;

/** Targets for one kind of request: share of successful requests and 95th percentile latency. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "has(self.successRatio) || has(self.p95)", message = "an objective needs successRatio, p95 or both")
public class SloObjective {

    @Pattern(ApiPatterns.RATIO)
    @JsonPropertyDescription("Minimum share of requests that succeed, as a decimal string, e.g. \"0.999\".")
    private String successRatio;

    @Pattern(ApiPatterns.DURATION)
    @JsonPropertyDescription("Maximum 95th percentile latency, e.g. 500ms or 5s.")
    private String p95;

    public String getSuccessRatio() {
        return successRatio;
    }

    public void setSuccessRatio(String successRatio) {
        this.successRatio = successRatio;
    }

    public String getP95() {
        return p95;
    }

    public void setP95(String p95) {
        this.p95 = p95;
    }
}
