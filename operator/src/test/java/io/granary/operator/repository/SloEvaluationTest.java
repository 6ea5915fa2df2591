package io.granary.operator.repository;

import static org.assertj.core.api.Assertions.assertThat;

import io.granary.api.v1alpha1.common.Condition;
import io.granary.api.v1alpha1.common.ConditionReasons;
import io.granary.api.v1alpha1.repository.SloObjective;
import io.granary.operator.repository.RegistryAdminApi.Figures;
import org.junit.jupiter.api.Test;

class SloEvaluationTest {

    private static SloObjective objective(String ratio, String p95) {
        SloObjective o = new SloObjective();
        o.setSuccessRatio(ratio);
        o.setP95(p95);
        return o;
    }

    @Test
    void withinObjectiveCarriesTheNumbers() {
        var verdict = SloEvaluation.evaluate("pull", objective("0.999", "500ms"), new Figures(10_000, 4, 41), "30m");
        assertThat(verdict.status()).isEqualTo(Condition.TRUE);
        assertThat(verdict.reason()).isEqualTo(ConditionReasons.WITHIN_OBJECTIVE);
        assertThat(verdict.message()).isEqualTo("99.96% ≥ 99.9%, p95 41ms ≤ 500ms over 30m (10000 requests, 4 failed)");
    }

    @Test
    void eitherIndicatorMissingMissesTheObjective() {
        assertThat(SloEvaluation.evaluate("push", objective("0.99", null), new Figures(100, 2, 10), "30m").status())
                .isEqualTo(Condition.FALSE);
        var slow = SloEvaluation.evaluate("push", objective(null, "5s"), new Figures(100, 0, 7000), "30m");
        assertThat(slow.status()).isEqualTo(Condition.FALSE);
        assertThat(slow.reason()).isEqualTo(ConditionReasons.OBJECTIVE_MISSED);
        assertThat(slow.message()).contains("p95 7000ms > 5000ms");
    }

    @Test
    void noTrafficIsUnknownAndNoObjectiveIsTrue() {
        assertThat(SloEvaluation.evaluate("pull", objective("0.9", null), new Figures(0, 0, -1), "1h").status()).isEqualTo(Condition.UNKNOWN);
        assertThat(SloEvaluation.evaluate("pull", null, new Figures(5, 5, 1), "1h").reason()).isEqualTo(ConditionReasons.NO_OBJECTIVE);
    }
}
