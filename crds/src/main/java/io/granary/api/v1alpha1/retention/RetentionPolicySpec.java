package io.granary.api.v1alpha1.retention;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.crd.generator.annotation.PrinterColumn;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.granary.api.v1alpha1.common.ApiPatterns;
import java.util.ArrayList;
import java.util.List;

/** Desired state of a RetentionPolicy: which repositories, which rules, when, and whether for real. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"selector", "repositories", "rules", "schedule", "timeZone", "dryRun", "suspend"})
@ValidationRule(value = "has(self.selector) || (has(self.repositories) && size(self.repositories) > 0)", message = "select repositories with selector, repositories or both")
public class RetentionPolicySpec {

    @JsonPropertyDescription("Repositories in this namespace whose labels match; combined with repositories.")
    private LabelSelector selector;

    @Size(max = 256)
    @JsonPropertyDescription("Names of Repositories in this namespace; combined with selector.")
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    private List<String> repositories = new ArrayList<>();

    @Required
    @JsonPropertyDescription("Which versions are deleted.")
    private RetentionRules rules;

    @Required
    @Pattern(ApiPatterns.CRON)
    @PrinterColumn(name = "Schedule")
    @JsonPropertyDescription("When to run, as a cron expression, e.g. \"0 3 * * *\".")
    private String schedule;

    @JsonPropertyDescription("IANA time zone of the schedule, e.g. Europe/Berlin; UTC when absent.")
    private String timeZone;

    @Default("false")
    @PrinterColumn(name = "Dry-Run")
    @JsonPropertyDescription("Only list what would be deleted in status.candidates; delete nothing.")
    private Boolean dryRun;

    @Default("false")
    @JsonPropertyDescription("Stop scheduling runs; a running one finishes.")
    private Boolean suspend;

    public LabelSelector getSelector() {
        return selector;
    }

    public void setSelector(LabelSelector selector) {
        this.selector = selector;
    }

    public List<String> getRepositories() {
        return repositories;
    }

    public void setRepositories(List<String> repositories) {
        this.repositories = repositories;
    }

    public RetentionRules getRules() {
        return rules;
    }

    public void setRules(RetentionRules rules) {
        this.rules = rules;
    }

    public String getSchedule() {
        return schedule;
    }

    public void setSchedule(String schedule) {
        this.schedule = schedule;
    }

    public String getTimeZone() {
        return timeZone;
    }

    public void setTimeZone(String timeZone) {
        this.timeZone = timeZone;
    }

    public Boolean getDryRun() {
        return dryRun != null ? dryRun : Boolean.FALSE;
    }

    public void setDryRun(Boolean dryRun) {
        this.dryRun = dryRun;
    }

    public Boolean getSuspend() {
        return suspend != null ? suspend : Boolean.FALSE;
    }

    public void setSuspend(Boolean suspend) {
        this.suspend = suspend;
    }
}
