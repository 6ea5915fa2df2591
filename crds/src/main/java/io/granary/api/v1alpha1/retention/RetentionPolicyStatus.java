package io.granary.api.v1alpha1.retention;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.granary.api.v1alpha1.common.ConditionedStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Observed state of a RetentionPolicy: when it ran, what it found, deleted and freed. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"observedGeneration", "lastRunTime", "nextRunTime", "lastRunRequest", "lastRunDryRun", "candidateCount", "candidates", "deletedCount", "bytesFreed", "errors", "conditions"})
public class RetentionPolicyStatus extends ConditionedStatus {

    @JsonPropertyDescription("RFC 3339 time the last run finished.")
    private String lastRunTime;

    @JsonPropertyDescription("RFC 3339 time of the next scheduled run.")
    private String nextRunTime;

    @JsonPropertyDescription("The value of the granary.io/run-now annotation the last on-demand run answered.")
    private String lastRunRequest;

    @JsonPropertyDescription("Whether the last run was a dry run.")
    private Boolean lastRunDryRun;

    @JsonPropertyDescription("Number of versions the last run selected.")
    private long candidateCount;

    @JsonPropertyDescription("The first 100 versions the last run selected: the preview of a dry run.")
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    private List<RetentionCandidate> candidates = new ArrayList<>();

    @JsonPropertyDescription("Versions the last run deleted.")
    private long deletedCount;

    @JsonPropertyDescription("Bytes garbage collection freed after the last run's deletions.")
    private long bytesFreed;

    @JsonPropertyDescription("Errors of the last run, at most 20, each naming the repository and version.")
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    private List<String> errors = new ArrayList<>();

    public String getLastRunTime() {
        return lastRunTime;
    }

    public void setLastRunTime(String lastRunTime) {
        this.lastRunTime = lastRunTime;
    }

    public String getNextRunTime() {
        return nextRunTime;
    }

    public void setNextRunTime(String nextRunTime) {
        this.nextRunTime = nextRunTime;
    }

    public String getLastRunRequest() {
        return lastRunRequest;
    }

    public void setLastRunRequest(String lastRunRequest) {
        this.lastRunRequest = lastRunRequest;
    }

    public Boolean getLastRunDryRun() {
        return lastRunDryRun;
    }

    public void setLastRunDryRun(Boolean lastRunDryRun) {
        this.lastRunDryRun = lastRunDryRun;
    }

    public long getCandidateCount() {
        return candidateCount;
    }

    public void setCandidateCount(long candidateCount) {
        this.candidateCount = candidateCount;
    }

    public List<RetentionCandidate> getCandidates() {
        return candidates;
    }

    public void setCandidates(List<RetentionCandidate> candidates) {
        this.candidates = candidates;
    }

    public long getDeletedCount() {
        return deletedCount;
    }

    public void setDeletedCount(long deletedCount) {
        this.deletedCount = deletedCount;
    }

    public long getBytesFreed() {
        return bytesFreed;
    }

    public void setBytesFreed(long bytesFreed) {
        this.bytesFreed = bytesFreed;
    }

    public List<String> getErrors() {
        return errors;
    }

    public void setErrors(List<String> errors) {
        this.errors = errors;
    }

    @Override
    public boolean equals(Object o) {
        if (!super.equals(o)) {
            return false;
        }
        RetentionPolicyStatus other = (RetentionPolicyStatus) o;
        return Objects.equals(lastRunTime, other.lastRunTime)
                && Objects.equals(nextRunTime, other.nextRunTime)
                && Objects.equals(lastRunRequest, other.lastRunRequest)
                && Objects.equals(lastRunDryRun, other.lastRunDryRun)
                && candidateCount == other.candidateCount
                && Objects.equals(candidates, other.candidates)
                && deletedCount == other.deletedCount
                && bytesFreed == other.bytesFreed
                && Objects.equals(errors, other.errors);
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), lastRunTime, nextRunTime, lastRunRequest, lastRunDryRun, candidateCount, candidates, deletedCount, bytesFreed, errors);
    }
}
