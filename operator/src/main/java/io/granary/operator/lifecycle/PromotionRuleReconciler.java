package io.granary.operator.lifecycle;

import io.granary.api.v1alpha1.common.Condition;
import io.granary.api.v1alpha1.common.ConditionTypes;
import io.granary.api.v1alpha1.promotion.PromotionRule;
import io.granary.api.v1alpha1.promotion.PromotionRuleStatus;
import io.granary.operator.common.OperatorReasons;
import io.granary.operator.common.StatusConditions;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import java.time.Clock;
import java.util.List;

/** Validates a PromotionRule's from/to repositories; reports that promotion is not executed yet. */
@ControllerConfiguration(name = "promotionrule")
public class PromotionRuleReconciler extends LifecycleReconciler<PromotionRule, PromotionRuleStatus> {

    public PromotionRuleReconciler(Clock clock) {
        super(clock, PromotionRuleStatus::new);
    }

    @Override
    List<String> referencedRepositories(PromotionRule rule) {
        return java.util.Arrays.asList(rule.getSpec().getFrom(), rule.getSpec().getTo());
    }

    @Override
    void notExecuted(StatusConditions conditions) {
        conditions.set(ConditionTypes.GATES_PASSING, Condition.UNKNOWN, OperatorReasons.EXECUTION_NOT_IMPLEMENTED, "gates are not evaluated yet");
        conditions.set(ConditionTypes.PROMOTED, Condition.FALSE, OperatorReasons.EXECUTION_NOT_IMPLEMENTED, "nothing is promoted yet");
    }

    @Override
    String what() {
        return "promotion";
    }
}
