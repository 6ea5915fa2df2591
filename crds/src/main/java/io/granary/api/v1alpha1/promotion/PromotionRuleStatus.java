package io.granary.api.v1alpha1.promotion;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.granary.api.v1alpha1.common.ConditionedStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Observed state of a PromotionRule: what was promoted with which digest, and what is blocked by which gate. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"observedGeneration", "promoted", "blocked", "promotedCount", "blockedCount", "conditions"})
public class PromotionRuleStatus extends ConditionedStatus {

    @JsonPropertyDescription("Promoted versions, the 100 most recent.")
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    private List<PromotedItem> promoted = new ArrayList<>();

    @JsonPropertyDescription("Versions waiting for a gate, at most 100.")
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    private List<BlockedItem> blocked = new ArrayList<>();

    @JsonPropertyDescription("Number of versions promoted by this rule.")
    private long promotedCount;

    @JsonPropertyDescription("Number of versions currently blocked.")
    private long blockedCount;

    public List<PromotedItem> getPromoted() {
        return promoted;
    }

    public void setPromoted(List<PromotedItem> promoted) {
        this.promoted = promoted;
    }

    public List<BlockedItem> getBlocked() {
        return blocked;
    }

    public void setBlocked(List<BlockedItem> blocked) {
        this.blocked = blocked;
    }

    public long getPromotedCount() {
        return promotedCount;
    }

    public void setPromotedCount(long promotedCount) {
        this.promotedCount = promotedCount;
    }

    public long getBlockedCount() {
        return blockedCount;
    }

    public void setBlockedCount(long blockedCount) {
        this.blockedCount = blockedCount;
    }

    @Override
    public boolean equals(Object o) {
        if (!super.equals(o)) {
            return false;
        }
        PromotionRuleStatus other = (PromotionRuleStatus) o;
        return Objects.equals(promoted, other.promoted)
                && Objects.equals(blocked, other.blocked)
                && promotedCount == other.promotedCount
                && blockedCount == other.blockedCount;
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), promoted, blocked, promotedCount, blockedCount);
    }
}
