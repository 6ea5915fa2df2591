package io.granary.operator.common;

import io.fabric8.kubernetes.client.CustomResource;
import io.granary.api.v1alpha1.common.Condition;
import io.granary.api.v1alpha1.common.ConditionReasons;
import io.granary.api.v1alpha1.common.ConditionTypes;
import io.granary.api.v1alpha1.common.ConditionedStatus;
import io.granary.api.v1alpha1.common.Conditions;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the next status conditions of one resource from the previous ones: kind-specific conditions first, then
 * the kstatus trio (Ready summary, Reconciling, Stalled). Carries lastTransitionTime forward through
 * {@link Conditions#upsert} so a status that did not flip keeps its time, and a reconcile that changed nothing
 * produces an equal status (which the reconcilers then do not patch).
 */
public final class StatusConditions {

    private final List<Condition> conditions;
    private final long generation;
    private final Clock clock;

    private StatusConditions(List<Condition> previous, long generation, Clock clock) {
        this.conditions = new ArrayList<>();
        if (previous != null) {
            previous.forEach(c -> conditions.add(new Condition(c)));
        }
        this.generation = generation;
        this.clock = clock;
    }

    /** Starts from the conditions currently in the resource's status. */
    public static StatusConditions from(CustomResource<?, ? extends ConditionedStatus> resource, Clock clock) {
        ConditionedStatus status = resource.getStatus();
        Long generation = resource.getMetadata().getGeneration();
        return new StatusConditions(status == null ? null : status.getConditions(), generation == null ? 0 : generation, clock);
    }

    /** Sets one condition of the given type. */
    public StatusConditions set(String type, String status, String reason, String message) {
        Condition c = new Condition(type, status, reason, message);
        c.setObservedGeneration(generation);
        Conditions.upsert(conditions, c, clock.instant());
        return this;
    }

    /** Drops the condition of the given type (e.g. a feature no longer configured). */
    public StatusConditions remove(String type) {
        conditions.removeIf(c -> type.equals(c.getType()));
        return this;
    }

    /** The resource does what its spec asks: Ready=True, Reconciling=False, Stalled=False. */
    public StatusConditions ready(String reason, String message) {
        set(ConditionTypes.READY, Condition.TRUE, reason, message);
        set(ConditionTypes.RECONCILING, Condition.FALSE, ConditionReasons.RECONCILED, "Everything the spec asks for is applied");
        return set(ConditionTypes.STALLED, Condition.FALSE, ConditionReasons.RECONCILED, "Progressing normally");
    }

    /** Still converging: Ready=False, Reconciling=True, Stalled=False. */
    public StatusConditions progressing(String reason, String message) {
        set(ConditionTypes.READY, Condition.FALSE, reason, message);
        set(ConditionTypes.RECONCILING, Condition.TRUE, ConditionReasons.PROGRESSING, message);
        return set(ConditionTypes.STALLED, Condition.FALSE, ConditionReasons.PROGRESSING, "Progressing normally");
    }

    /** Cannot progress without a change from a person: Ready=False, Reconciling=False, Stalled=True. */
    public StatusConditions stalled(String reason, String message) {
        set(ConditionTypes.READY, Condition.FALSE, reason, message);
        set(ConditionTypes.RECONCILING, Condition.FALSE, reason, "Waiting for a change: " + message);
        return set(ConditionTypes.STALLED, Condition.TRUE, reason, message);
    }

    /**
     * Valid and accepted, but nothing will act on it yet: Ready=False and neither Reconciling nor Stalled, so GitOps
     * tools see a settled resource while a person reading Ready sees it does nothing.
     */
    public StatusConditions acceptedNotActive(String reason, String message) {
        set(ConditionTypes.READY, Condition.FALSE, reason, message);
        set(ConditionTypes.RECONCILING, Condition.FALSE, reason, "Nothing more to apply: " + message);
        return set(ConditionTypes.STALLED, Condition.FALSE, reason, message);
    }

    /** The resulting list. */
    public List<Condition> build() {
        return conditions;
    }

    /** The generation these conditions describe. */
    public long generation() {
        return generation;
    }
}
