package io.granary.api.v1alpha1.replication;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.crd.generator.annotation.PrinterColumn;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;
import io.granary.api.v1alpha1.common.ApiPatterns;

/** Desired state of a Replication: from where to where, when, what and how fast. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"source", "target", "mode", "trigger", "filters", "bandwidthLimit", "concurrency", "suspend"})
@ValidationRule(value = "self.mode == 'push' ? !has(self.source.url) : !has(self.target.url)", message = "push mode needs a local source repository, pull mode a local target repository")
@ValidationRule(value = "has(self.source.url) || has(self.target.url) || self.source.repository != self.target.repository", message = "source and target must differ")
@ValidationRule(value = "!has(self.trigger.onPush) || !self.trigger.onPush || !has(self.source.url)", message = "onPush needs a local source repository")
public class ReplicationSpec {

    @Required
    @JsonPropertyDescription("Where artifacts come from; a local Repository in push mode.")
    private ReplicationEndpoint source;

    @Required
    @JsonPropertyDescription("Where artifacts go; a local Repository in pull mode.")
    private ReplicationEndpoint target;

    @Default("push")
    @PrinterColumn(name = "Mode")
    @JsonPropertyDescription("push: a local source sends to the target; pull: a local target fetches from the source.")
    private ReplicationMode mode;

    @Required
    @JsonPropertyDescription("Schedule and/or on-push events.")
    private ReplicationTrigger trigger;

    @JsonPropertyDescription("Artifacts to include and exclude.")
    private ReplicationFilters filters;

    @Pattern(ApiPatterns.BYTE_QUANTITY)
    @JsonPropertyDescription("Maximum transfer rate in bytes per second as a quantity, e.g. 50Mi; unlimited when absent.")
    private String bandwidthLimit;

    @Default("4")
    @Min(1)
    @Max(64)
    @JsonPropertyDescription("Artifacts transferred in parallel.")
    private Integer concurrency;

    @Default("false")
    @JsonPropertyDescription("Stop starting runs; a running one finishes.")
    private Boolean suspend;

    public ReplicationEndpoint getSource() {
        return source;
    }

    public void setSource(ReplicationEndpoint source) {
        this.source = source;
    }

    public ReplicationEndpoint getTarget() {
        return target;
    }

    public void setTarget(ReplicationEndpoint target) {
        this.target = target;
    }

    public ReplicationMode getMode() {
        return mode != null ? mode : ReplicationMode.PUSH;
    }

    public void setMode(ReplicationMode mode) {
        this.mode = mode;
    }

    public ReplicationTrigger getTrigger() {
        return trigger;
    }

    public void setTrigger(ReplicationTrigger trigger) {
        this.trigger = trigger;
    }

    public ReplicationFilters getFilters() {
        return filters;
    }

    public void setFilters(ReplicationFilters filters) {
        this.filters = filters;
    }

    public String getBandwidthLimit() {
        return bandwidthLimit;
    }

    public void setBandwidthLimit(String bandwidthLimit) {
        this.bandwidthLimit = bandwidthLimit;
    }

    public Integer getConcurrency() {
        return concurrency != null ? concurrency : 4;
    }

    public void setConcurrency(Integer concurrency) {
        this.concurrency = concurrency;
    }

    public Boolean getSuspend() {
        return suspend != null ? suspend : Boolean.FALSE;
    }

    public void setSuspend(Boolean suspend) {
        this.suspend = suspend;
    }
}
