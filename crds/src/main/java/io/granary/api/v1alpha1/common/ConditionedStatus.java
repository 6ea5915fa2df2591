package io.granary.api.v1alpha1.common;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** The part every Granary status shares: the generation last acted on and the conditions. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public abstract class ConditionedStatus {

    @JsonPropertyDescription("metadata.generation of the spec that this status describes.")
    private Long observedGeneration;

    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    @JsonPropertyDescription("Current observations: Ready (the summary), Reconciling, Stalled and the kind's specific conditions.")
    private List<Condition> conditions = new ArrayList<>();

    public Long getObservedGeneration() {
        return observedGeneration;
    }

    public void setObservedGeneration(Long observedGeneration) {
        this.observedGeneration = observedGeneration;
    }

    public List<Condition> getConditions() {
        return conditions;
    }

    public void setConditions(List<Condition> conditions) {
        this.conditions = conditions == null ? new ArrayList<>() : conditions;
    }

    @Override
    public boolean equals(Object o) {
        return o != null && o.getClass() == getClass()
                && Objects.equals(observedGeneration, ((ConditionedStatus) o).observedGeneration)
                && Objects.equals(conditions, ((ConditionedStatus) o).conditions);
    }

    @Override
    public int hashCode() {
        return Objects.hash(observedGeneration, conditions);
    }
}
