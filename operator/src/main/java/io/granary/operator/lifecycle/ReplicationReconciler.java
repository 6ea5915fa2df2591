package io.granary.operator.lifecycle;

import io.granary.api.v1alpha1.common.Condition;
import io.granary.api.v1alpha1.common.ConditionReasons;
import io.granary.api.v1alpha1.common.ConditionTypes;
import io.granary.api.v1alpha1.replication.Replication;
import io.granary.api.v1alpha1.replication.ReplicationStatus;
import io.granary.operator.common.OperatorReasons;
import io.granary.operator.common.StatusConditions;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/** Validates a Replication's local source/target repositories; reports that replication is not executed yet. */
@ControllerConfiguration(name = "replication")
public class ReplicationReconciler extends LifecycleReconciler<Replication, ReplicationStatus> {

    public ReplicationReconciler(Clock clock) {
        super(clock, ReplicationStatus::new);
    }

    @Override
    List<String> referencedRepositories(Replication replication) {
        List<String> names = new ArrayList<>();
        var spec = replication.getSpec();
        if (spec.getSource() != null && spec.getSource().getUrl() == null) {
            names.add(spec.getSource().getRepository());
        }
        if (spec.getTarget() != null && spec.getTarget().getUrl() == null) {
            names.add(spec.getTarget().getRepository());
        }
        return names;
    }

    @Override
    void notExecuted(StatusConditions conditions) {
        conditions.set(ConditionTypes.IN_SYNC, Condition.UNKNOWN, OperatorReasons.EXECUTION_NOT_IMPLEMENTED, "nothing is replicated yet");
        conditions.set(ConditionTypes.LAST_RUN_SUCCEEDED, Condition.UNKNOWN, ConditionReasons.NOT_RUN_YET, "replication has never run");
    }

    @Override
    String what() {
        return "replication";
    }
}
