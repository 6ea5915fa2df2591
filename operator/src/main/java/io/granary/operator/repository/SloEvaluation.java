package io.granary.operator.repository;

import io.granary.api.v1alpha1.common.Condition;
import io.granary.api.v1alpha1.common.ConditionReasons;
import io.granary.api.v1alpha1.common.Durations;
import io.granary.api.v1alpha1.repository.RepositorySli;
import io.granary.api.v1alpha1.repository.SloObjective;
import io.granary.api.v1alpha1.repository.SloSpec;
import io.granary.operator.repository.RegistryAdminApi.Figures;
import java.math.BigDecimal;
import java.util.Locale;

/** Compares a measured SLI snapshot with a Repository's objectives: one verdict per operation. */
public final class SloEvaluation {

    /** Default window when spec.slo.window is absent. */
    public static final String DEFAULT_WINDOW = "30m";

    /** The condition a verdict becomes: status, reason and a message with the numbers. */
    public record Verdict(String status, String reason, String message) {
    }

    private SloEvaluation() {
    }

    /** The window to ask the runtime for. */
    public static String window(SloSpec slo) {
        return slo == null || slo.getWindow() == null ? DEFAULT_WINDOW : slo.getWindow();
    }

    /** The verdict for one operation ("pull" or "push"). */
    public static Verdict evaluate(String operation, SloObjective objective, Figures figures, String window) {
        if (objective == null) {
            return new Verdict(Condition.TRUE, ConditionReasons.NO_OBJECTIVE, "no " + operation + " objective declared");
        }
        if (figures.requests() == 0) {
            return new Verdict(Condition.UNKNOWN, ConditionReasons.NO_TRAFFIC, "no " + operation + " requests over " + window);
        }
        StringBuilder message = new StringBuilder();
        boolean met = true;
        double ratio = figures.successRatio();
        if (objective.getSuccessRatio() != null) {
            double target = new BigDecimal(objective.getSuccessRatio()).doubleValue();
            boolean ok = ratio >= target;
            met &= ok;
            message.append(percent(ratio)).append(ok ? " ≥ " : " < ").append(percent(target));
        }
        if (objective.getP95() != null) {
            long target = Durations.parse(objective.getP95()).toMillis();
            boolean ok = figures.p95Millis() <= target;
            met &= ok;
            if (message.length() > 0) {
                message.append(", ");
            }
            message.append("p95 ").append(figures.p95Millis()).append("ms").append(ok ? " ≤ " : " > ").append(target).append("ms");
        }
        message.append(" over ").append(window).append(" (").append(figures.requests()).append(" requests, ")
                .append(figures.failures()).append(" failed)");
        return new Verdict(met ? Condition.TRUE : Condition.FALSE,
                met ? ConditionReasons.WITHIN_OBJECTIVE : ConditionReasons.OBJECTIVE_MISSED, message.toString());
    }

    /** The observed values for status.sli; operations without requests are left out. */
    public static RepositorySli sli(RegistryAdminApi.Sli snapshot) {
        RepositorySli sli = new RepositorySli();
        if (snapshot.pull().requests() > 0) {
            sli.setPullSuccessRatio(ratio(snapshot.pull().successRatio()));
            sli.setPullP95(snapshot.pull().p95Millis() + "ms");
        }
        if (snapshot.push().requests() > 0) {
            sli.setPushSuccessRatio(ratio(snapshot.push().successRatio()));
            sli.setPushP95(snapshot.push().p95Millis() + "ms");
        }
        return sli;
    }

    private static String ratio(double value) {
        return new BigDecimal(String.format(Locale.ROOT, "%.4f", value)).stripTrailingZeros().toPlainString();
    }

    private static String percent(double value) {
        return new BigDecimal(String.format(Locale.ROOT, "%.2f", value * 100)).stripTrailingZeros().toPlainString() + "%";
    }
}
