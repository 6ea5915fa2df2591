package io.granary.operator.lifecycle;

import io.granary.api.v1alpha1.common.Condition;
import io.granary.api.v1alpha1.common.ConditionReasons;
import io.granary.api.v1alpha1.common.ConditionTypes;
import io.granary.api.v1alpha1.registry.Registry;
import io.granary.api.v1alpha1.retention.RetentionPolicy;
import io.granary.api.v1alpha1.retention.RetentionPolicyStatus;
import io.granary.operator.OperatorSettings;
import io.granary.operator.common.StatusConditions;
import io.granary.operator.repository.RegistryAdminApi;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Executes RetentionPolicies through the runtime's retention admin API: on its cron schedule, and on
 * demand when the {@value #RUN_NOW} annotation gets a value it has not answered yet. Status reports
 * the last and next run, what was selected (the dry-run preview), deleted and freed, and the errors.
 */
@ControllerConfiguration(name = "retentionpolicy")
public class RetentionPolicyReconciler implements Reconciler<RetentionPolicy> {

    /** Set (to any new value, e.g. a timestamp) to run the policy now. */
    public static final String RUN_NOW = "granary.io/run-now";
    /** Reconciles wake up at least this often, so a missed event delays a run by at most this much. */
    static final Duration MAX_SLEEP = Duration.ofMinutes(10);
    /** How soon unresolved references are looked for again. */
    static final Duration RECHECK = Duration.ofSeconds(10);

    private final Clock clock;
    private final Function<Registry, String> endpoints;
    private final RegistryAdminApi api = new RegistryAdminApi();

    public RetentionPolicyReconciler(Clock clock, Function<Registry, String> endpoints) {
        this.clock = clock;
        this.endpoints = endpoints == null ? OperatorSettings::serviceUrl : endpoints;
    }

    @Override
    public UpdateControl<RetentionPolicy> reconcile(RetentionPolicy policy, Context<RetentionPolicy> context) {
        RetentionPolicyStatus current = policy.getStatus() == null ? new RetentionPolicyStatus() : policy.getStatus();
        RetentionPolicyStatus next = copy(current);
        next.setObservedGeneration(policy.getMetadata().getGeneration());
        StatusConditions conditions = StatusConditions.from(policy, clock);
        Instant now = clock.instant();
        Duration sleep = MAX_SLEEP;

        CronSchedule schedule;
        try {
            schedule = CronSchedule.parse(policy.getSpec().getSchedule(), policy.getSpec().getTimeZone());
        } catch (IllegalArgumentException e) {
            conditions.set(ConditionTypes.SCHEDULED, Condition.FALSE, ConditionReasons.INVALID_SPEC, e.getMessage());
            conditions.stalled(ConditionReasons.INVALID_SPEC, e.getMessage());
            return finish(policy, current, next, conditions, null);
        }
        boolean suspended = policy.getSpec().getSuspend();
        Instant nextRun = parse(current.getNextRunTime());
        if (nextRun == null || suspended) {
            nextRun = schedule.next(now).toInstant();
        }
        String request = annotation(policy, RUN_NOW);
        boolean onDemand = request != null && !request.equals(current.getLastRunRequest());
        boolean due = onDemand || !suspended && !nextRun.isAfter(now);

        try {
            var targets = RetentionTargets.resolve(context.getClient(), policy.getMetadata().getNamespace(), policy.getSpec(),
                    endpoints);
            if (due) {
                RetentionRun run = RetentionRun.execute(api, policy.getSpec(), targets);
                Instant finished = clock.instant();
                next.setLastRunTime(DateTimeFormatter.ISO_INSTANT.format(finished));
                next.setLastRunDryRun(policy.getSpec().getDryRun());
                next.setCandidateCount(run.candidateCount);
                next.setCandidates(run.candidates);
                next.setDeletedCount(run.deletedCount);
                next.setBytesFreed(run.bytesFreed);
                next.setErrors(run.errors);
                if (onDemand) {
                    next.setLastRunRequest(request);
                }
                nextRun = schedule.next(finished).toInstant();
                String summary = (policy.getSpec().getDryRun() ? "dry run: " + run.candidateCount + " candidate(s)"
                        : run.deletedCount + " deleted, " + run.bytesFreed + " bytes freed") + " in " + targets.size()
                        + " repositories";
                if (run.errors.isEmpty()) {
                    conditions.set(ConditionTypes.LAST_RUN_SUCCEEDED, Condition.TRUE, ConditionReasons.RUN_SUCCEEDED, summary);
                } else {
                    conditions.set(ConditionTypes.LAST_RUN_SUCCEEDED, Condition.FALSE, ConditionReasons.RUN_FAILED,
                            run.errors.size() + " error(s), first: " + run.errors.get(0) + "; " + summary);
                }
            } else if (current.getLastRunTime() == null) {
                conditions.set(ConditionTypes.LAST_RUN_SUCCEEDED, Condition.UNKNOWN, ConditionReasons.NOT_RUN_YET,
                        "retention has not run yet");
            }
            conditions.ready(ConditionReasons.RECONCILED, "retention of " + targets.size() + " repositories "
                    + (suspended ? "is suspended" : "runs next at " + DateTimeFormatter.ISO_INSTANT.format(nextRun)));
        } catch (RetentionTargets.Unresolved e) {
            conditions.progressing(e.reason, e.getMessage());
            if (current.getLastRunTime() == null) {
                conditions.set(ConditionTypes.LAST_RUN_SUCCEEDED, Condition.UNKNOWN, ConditionReasons.NOT_RUN_YET, e.getMessage());
            }
            sleep = RECHECK;
        }
        if (suspended) {
            conditions.set(ConditionTypes.SCHEDULED, Condition.FALSE, ConditionReasons.SUSPENDED,
                    "suspend is set: only on-demand runs (" + RUN_NOW + ")");
            next.setNextRunTime(null);
        } else {
            next.setNextRunTime(DateTimeFormatter.ISO_INSTANT.format(nextRun));
            conditions.set(ConditionTypes.SCHEDULED, Condition.TRUE, ConditionReasons.SCHEDULE_ACTIVE,
                    "next run at " + next.getNextRunTime());
            Duration untilNext = Duration.between(clock.instant(), nextRun);
            sleep = untilNext.compareTo(sleep) < 0 ? untilNext : sleep;
        }
        return finish(policy, current, next, conditions, sleep.isNegative() ? Duration.ofSeconds(1) : sleep);
    }

    private static UpdateControl<RetentionPolicy> finish(RetentionPolicy policy, RetentionPolicyStatus current,
                                                         RetentionPolicyStatus next, StatusConditions conditions,
                                                         Duration sleep) {
        next.setConditions(conditions.build());
        UpdateControl<RetentionPolicy> control;
        if (Objects.equals(current, next)) {
            control = UpdateControl.noUpdate();
        } else {
            policy.setStatus(next);
            policy.getMetadata().setResourceVersion(null);
            control = UpdateControl.patchStatus(policy);
        }
        return sleep == null ? control : control.rescheduleAfter(Math.max(1000, sleep.toMillis()));
    }

    private static RetentionPolicyStatus copy(RetentionPolicyStatus s) {
        RetentionPolicyStatus c = new RetentionPolicyStatus();
        c.setLastRunTime(s.getLastRunTime());
        c.setNextRunTime(s.getNextRunTime());
        c.setLastRunRequest(s.getLastRunRequest());
        c.setLastRunDryRun(s.getLastRunDryRun());
        c.setCandidateCount(s.getCandidateCount());
        c.setCandidates(s.getCandidates());
        c.setDeletedCount(s.getDeletedCount());
        c.setBytesFreed(s.getBytesFreed());
        c.setErrors(s.getErrors());
        c.setObservedGeneration(s.getObservedGeneration());
        c.setConditions(s.getConditions());
        return c;
    }

    private static String annotation(RetentionPolicy policy, String key) {
        Map<String, String> annotations = policy.getMetadata().getAnnotations();
        return annotations == null ? null : annotations.get(key);
    }

    private static Instant parse(String time) {
        try {
            return time == null ? null : Instant.parse(time);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
