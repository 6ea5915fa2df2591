package io.granary.api.v1alpha1.replication;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.granary.api.v1alpha1.common.ConditionedStatus;
import java.util.Objects;

/** Observed state of a Replication: when it last synced, what it moved and how far behind the target is. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"observedGeneration", "lastSyncTime", "lastRunTime", "nextRunTime", "itemsCopied", "itemsSkipped", "itemsFailed", "lagSeconds", "lastError", "conditions"})
public class ReplicationStatus extends ConditionedStatus {

    @JsonPropertyDescription("RFC 3339 time the last run finished successfully.")
    private String lastSyncTime;

    @JsonPropertyDescription("RFC 3339 time the last run finished, successfully or not.")
    private String lastRunTime;

    @JsonPropertyDescription("RFC 3339 time of the next scheduled run.")
    private String nextRunTime;

    @JsonPropertyDescription("Artifacts copied by the last run.")
    private long itemsCopied;

    @JsonPropertyDescription("Artifacts the last run found already present in the target.")
    private long itemsSkipped;

    @JsonPropertyDescription("Artifacts the last run failed to copy.")
    private long itemsFailed;

    @JsonPropertyDescription("Age in seconds of the oldest source artifact not yet in the target; 0 when in sync.")
    private Long lagSeconds;

    @JsonPropertyDescription("The last run's first error, naming the artifact.")
    private String lastError;

    public String getLastSyncTime() {
        return lastSyncTime;
    }

    public void setLastSyncTime(String lastSyncTime) {
        this.lastSyncTime = lastSyncTime;
    }

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

    public long getItemsCopied() {
        return itemsCopied;
    }

    public void setItemsCopied(long itemsCopied) {
        this.itemsCopied = itemsCopied;
    }

    public long getItemsSkipped() {
        return itemsSkipped;
    }

    public void setItemsSkipped(long itemsSkipped) {
        this.itemsSkipped = itemsSkipped;
    }

    public long getItemsFailed() {
        return itemsFailed;
    }

    public void setItemsFailed(long itemsFailed) {
        this.itemsFailed = itemsFailed;
    }

    public Long getLagSeconds() {
        return lagSeconds;
    }

    public void setLagSeconds(Long lagSeconds) {
        this.lagSeconds = lagSeconds;
    }

    public String getLastError() {
        return lastError;
    }

    public void setLastError(String lastError) {
        this.lastError = lastError;
    }

    @Override
    public boolean equals(Object o) {
        if (!super.equals(o)) {
            return false;
        }
        ReplicationStatus other = (ReplicationStatus) o;
        return Objects.equals(lastSyncTime, other.lastSyncTime)
                && Objects.equals(lastRunTime, other.lastRunTime)
                && Objects.equals(nextRunTime, other.nextRunTime)
                && itemsCopied == other.itemsCopied
                && itemsSkipped == other.itemsSkipped
                && itemsFailed == other.itemsFailed
                && Objects.equals(lagSeconds, other.lagSeconds)
                && Objects.equals(lastError, other.lastError);
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), lastSyncTime, lastRunTime, nextRunTime, itemsCopied, itemsSkipped, itemsFailed, lagSeconds, lastError);
    }
}
