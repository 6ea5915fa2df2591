package io.granary.api.v1alpha1.repository;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.granary.api.v1alpha1.common.ApiPatterns;

/** Service level objectives for the repository; the operator reports PullSLOMet and PushSLOMet against them. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SloSpec {

    @JsonPropertyDescription("Objective for downloads (GET/HEAD of artifacts and metadata).")
    private SloObjective pull;

    @JsonPropertyDescription("Objective for uploads.")
    private SloObjective push;

    @Pattern(ApiPatterns.DURATION)
    @Default("30m")
    @JsonPropertyDescription("Sliding window over which the indicators are measured, e.g. 30m.")
    private String window;

    public SloObjective getPull() {
        return pull;
    }

    public void setPull(SloObjective pull) {
        this.pull = pull;
    }

    public SloObjective getPush() {
        return push;
    }

    public void setPush(SloObjective push) {
        this.push = push;
    }

    public String getWindow() {
        return window != null ? window : "30m";
    }

    public void setWindow(String window) {
        this.window = window;
    }
}
