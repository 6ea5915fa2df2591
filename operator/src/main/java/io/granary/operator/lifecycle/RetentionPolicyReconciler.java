package io.granary.operator.lifecycle;

import io.granary.api.v1alpha1.common.Condition;
import io.granary.api.v1alpha1.common.ConditionTypes;
import io.granary.api.v1alpha1.retention.RetentionPolicy;
import io.granary.api.v1alpha1.retention.RetentionPolicyStatus;
import io.granary.operator.common.OperatorReasons;
import io.granary.operator.common.StatusConditions;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import java.time.Clock;
import java.util.List;

/** Validates a RetentionPolicy's named repositories; reports that retention runs are not executed yet. */
@ControllerConfiguration(name = "retentionpolicy")
public class RetentionPolicyReconciler extends LifecycleReconciler<RetentionPolicy, RetentionPolicyStatus> {

    public RetentionPolicyReconciler(Clock clock) {
        super(clock, RetentionPolicyStatus::new);
    }

    @Override
    List<String> referencedRepositories(RetentionPolicy policy) {
        return policy.getSpec().getRepositories() == null ? List.of() : policy.getSpec().getRepositories();
    }

    @Override
    void notExecuted(StatusConditions conditions) {
        conditions.set(ConditionTypes.SCHEDULED, Condition.FALSE, OperatorReasons.EXECUTION_NOT_IMPLEMENTED, "no retention job is installed");
        conditions.set(ConditionTypes.LAST_RUN_SUCCEEDED, Condition.UNKNOWN, io.granary.api.v1alpha1.common.ConditionReasons.NOT_RUN_YET,
                "retention has never run");
    }

    @Override
    String what() {
        return "retention";
    }
}
