package io.granary.api.v1alpha1.replication;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.ValidationRule;
import io.granary.api.v1alpha1.common.ApiPatterns;

/** When replication runs: on a schedule, on every push to the source, or both. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "has(self.schedule) || (has(self.onPush) && self.onPush)", message = "set a schedule, onPush or both")
public class ReplicationTrigger {

    @Pattern(ApiPatterns.CRON)
    @JsonPropertyDescription("Cron expression for full synchronisation runs, e.g. \"*/30 * * * *\".")
    private String schedule;

    @Default("false")
    @JsonPropertyDescription("Replicate each artifact as soon as it is pushed to the local source.")
    private Boolean onPush;

    public String getSchedule() {
        return schedule;
    }

    public void setSchedule(String schedule) {
        this.schedule = schedule;
    }

    public Boolean getOnPush() {
        return onPush != null ? onPush : Boolean.FALSE;
    }

    public void setOnPush(Boolean onPush) {
        this.onPush = onPush;
    }
}
