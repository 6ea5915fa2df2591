package io.granary.operator.lifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.granary.api.v1alpha1.common.Condition;
import io.granary.api.v1alpha1.common.ConditionReasons;
import io.granary.api.v1alpha1.common.ConditionTypes;
import io.granary.api.v1alpha1.replication.Replication;
import io.granary.api.v1alpha1.replication.ReplicationEndpoint;
import io.granary.api.v1alpha1.replication.ReplicationMode;
import io.granary.api.v1alpha1.replication.ReplicationStatus;
import io.granary.api.v1alpha1.repository.Repository;
import io.granary.api.v1alpha1.repository.RepositoryFormat;
import io.granary.operator.OperatorSettings;
import io.granary.operator.common.Labels;
import io.granary.operator.common.StatusConditions;
import io.granary.operator.repository.RegistryAdminApi;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Turns a Replication into a Job (no schedule: one run per spec generation) or a CronJob running the registry-runtime
 * image in replicate mode, and its status into what the last finished run reported through its pod's termination
 * message: items copied, skipped and failed, lag, last sync, InSync. The operator is the only writer of the status;
 * the replicate pod needs no API access.
 */
@ControllerConfiguration(name = "replication")
public class ReplicationReconciler implements Reconciler<Replication> {

    private static final Logger LOG = Logger.getLogger(ReplicationReconciler.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Formats the replicate mode copies through their own APIs. */
    static final java.util.Set<RepositoryFormat> REPLICATED = java.util.EnumSet.of(RepositoryFormat.GENERIC, RepositoryFormat.OCI,
            RepositoryFormat.MAVEN, RepositoryFormat.NPM, RepositoryFormat.PYPI, RepositoryFormat.HELM);

    /** Finished on-push Jobs kept (for their pods' results and logs); older ones are deleted. */
    static final int KEPT_PUSH_JOBS = 3;
    /** Annotation on an on-push Job: the instant of the push that started it. */
    static final String PUSHED_AT = "granary.io/pushed-at";

    private final Clock clock;
    private final OperatorSettings settings;
    private final RegistryAdminApi admin = new RegistryAdminApi();

    public ReplicationReconciler(Clock clock, OperatorSettings settings) {
        this.clock = clock;
        this.settings = settings;
    }

    @Override
    public UpdateControl<Replication> reconcile(Replication replication, Context<Replication> context) {
        KubernetesClient client = context.getClient();
        String namespace = replication.getMetadata().getNamespace();
        StatusConditions conditions = StatusConditions.from(replication, clock);
        ReplicationStatus next = copy(replication.getStatus());
        next.setObservedGeneration(replication.getMetadata().getGeneration());

        var spec = replication.getSpec();
        ReplicationEndpoint local = spec.getMode() == ReplicationMode.PUSH ? spec.getSource() : spec.getTarget();
        ReplicationEndpoint other = spec.getMode() == ReplicationMode.PUSH ? spec.getTarget() : spec.getSource();
        RegistryOfRepository registry = RegistryOfRepository.of(client, settings, namespace, local.getRepository());
        Optional<String> otherMissing = other.getUrl() == null && client.resources(Repository.class).inNamespace(namespace)
                .withName(other.getRepository()).get() == null
                ? Optional.of("Repository " + other.getRepository() + " does not exist in namespace " + namespace) : Optional.empty();
        if (!registry.reachable() || otherMissing.isPresent()) {
            String reason = registry.reachable() ? ConditionReasons.REPOSITORY_NOT_FOUND : registry.reason();
            String message = registry.reachable() ? otherMissing.get() : registry.message();
            waiting(conditions, reason, message);
            return update(replication, next, conditions).rescheduleAfter(settings.sliInterval().toMillis());
        }
        RepositoryFormat format = client.resources(Repository.class).inNamespace(namespace).withName(local.getRepository()).get()
                .getSpec().getFormat();
        if (!REPLICATED.contains(format)) {
            String message = "replication of " + format.wireName() + " repositories is not supported yet (" + REPLICATED + " are)";
            conditions.set(ConditionTypes.IN_SYNC, Condition.UNKNOWN, ConditionReasons.INVALID_SPEC, message);
            conditions.stalled(ConditionReasons.INVALID_SPEC, message);
            return update(replication, next, conditions);
        }

        String schedule = spec.getTrigger() == null ? null : spec.getTrigger().getSchedule();
        if (schedule != null) {
            client.resource(owned(replication, ReplicationJobs.cronJob(replication, registry.registry(), registry.baseUrl(),
                    format.wireName()))).serverSideApply();
            next.setNextRunTime(CronSchedule.parse(schedule, "UTC").next(clock.instant()).toInstant().toString());
        } else if (!spec.getSuspend() && client.batch().v1().jobs().inNamespace(namespace).withName(ReplicationJobs.jobName(replication)).get() == null) {
            client.resource(owned(replication, ReplicationJobs.job(replication, registry.registry(), registry.baseUrl(),
                    format.wireName()))).create();
            next.setNextRunTime(null);
        }
        List<Job> jobs = client.batch().v1().jobs().inNamespace(namespace)
                .withLabel(ReplicationJobs.REPLICATION_LABEL, replication.getMetadata().getName()).list().getItems();
        if (spec.getTrigger() != null && spec.getTrigger().getOnPush() && !spec.getSuspend()) {
            onPush(client, replication, registry, format.wireName(), jobs);
        }
        Optional<Job> latest = jobs.stream()
                .filter(j -> j.getStatus() != null && (positive(j.getStatus().getSucceeded()) || isFailed(j)))
                .max(Comparator.comparing(j -> j.getMetadata().getCreationTimestamp()));
        Optional<JsonNode> result = latest.flatMap(j -> lastResult(client, j));
        if (result.isPresent()) {
            report(result.get(), next, conditions);
        } else if (latest.isPresent()) {
            String message = "run " + latest.get().getMetadata().getName() + " failed without a result; see its pods' logs";
            next.setLastError(message);
            conditions.set(ConditionTypes.LAST_RUN_SUCCEEDED, Condition.FALSE, ConditionReasons.RUN_FAILED, message);
            conditions.set(ConditionTypes.IN_SYNC, Condition.UNKNOWN, ConditionReasons.RUN_FAILED, message);
            conditions.acceptedNotActive(ConditionReasons.RUN_FAILED, message);
        } else if (spec.getSuspend()) {
            conditions.set(ConditionTypes.LAST_RUN_SUCCEEDED, Condition.UNKNOWN, ConditionReasons.NOT_RUN_YET, "replication has never run");
            conditions.set(ConditionTypes.IN_SYNC, Condition.UNKNOWN, ConditionReasons.SUSPENDED, "suspended before its first run");
            conditions.acceptedNotActive(ConditionReasons.SUSPENDED, "spec.suspend is true");
        } else {
            String message = (schedule != null ? "first run scheduled (" + schedule + ")" : "first run in progress");
            conditions.set(ConditionTypes.LAST_RUN_SUCCEEDED, Condition.UNKNOWN, ConditionReasons.NOT_RUN_YET, message);
            conditions.set(ConditionTypes.IN_SYNC, Condition.UNKNOWN, ConditionReasons.NOT_RUN_YET, message);
            conditions.progressing(ConditionReasons.NOT_RUN_YET, message);
        }
        return update(replication, next, conditions).rescheduleAfter(settings.sliInterval().toMillis());
    }

    /**
     * The on-push trigger, polled: when nothing of this Replication runs and the source was pushed to after the newest
     * run started (or after the Replication was created), a Job is started. Pushes during a run are caught by the
     * poll after it, so a burst of pushes costs one run, and a missed poll only delays a run; the Job replicates the
     * whole repository incrementally, so which push woke it does not matter.
     */
    private void onPush(KubernetesClient client, Replication replication, RegistryOfRepository registry, String format, List<Job> jobs) {
        if (jobs.stream().anyMatch(j -> j.getStatus() == null || !(positive(j.getStatus().getSucceeded()) || isFailed(j)))) {
            return;
        }
        Instant since = jobs.stream().map(ReplicationReconciler::coveredUntil).max(Comparator.naturalOrder())
                .orElse(Instant.parse(replication.getMetadata().getCreationTimestamp()));
        Optional<Instant> pushed = admin.latestPush(registry.baseUrl(), registry.adminToken(), replication.getSpec().getSource().getRepository(), since)
                .filter(at -> at.isAfter(since));
        if (pushed.isPresent()) {
            LOG.infof("Replication %s: %s was pushed to at %s, starting a run", Labels.ref(replication),
                    replication.getSpec().getSource().getRepository(), pushed.get());
            Job job = ReplicationJobs.job(ReplicationJobs.pushJobName(replication, clock.instant()), replication, registry.registry(),
                    registry.baseUrl(), format);
            job.getMetadata().setAnnotations(java.util.Map.of(PUSHED_AT, pushed.get().toString()));
            client.resource(owned(replication, job)).create();
            pruneFinishedPushJobs(client, replication, jobs);
        }
    }

    /**
     * Pushes up to when a Job covers: the push that started it (its annotation, exact), else its creation. A Job's
     * creationTimestamp has whole seconds only, so a push in the same second just before it would look newer.
     */
    private static Instant coveredUntil(Job job) {
        String pushedAt = job.getMetadata().getAnnotations() == null ? null : job.getMetadata().getAnnotations().get(PUSHED_AT);
        return pushedAt != null ? Instant.parse(pushedAt) : Instant.parse(job.getMetadata().getCreationTimestamp());
    }

    /** Finished on-push Jobs beyond the newest few are deleted, so a busy repository does not pile Jobs up. */
    private static void pruneFinishedPushJobs(KubernetesClient client, Replication replication, List<Job> jobs) {
        String prefix = replication.getMetadata().getName() + "-push-";
        jobs.stream().filter(j -> j.getMetadata().getName().startsWith(prefix))
                .sorted(Comparator.comparing((Job j) -> j.getMetadata().getCreationTimestamp()).reversed())
                .skip(KEPT_PUSH_JOBS)
                .forEach(j -> client.resource(j).withPropagationPolicy(io.fabric8.kubernetes.api.model.DeletionPropagation.BACKGROUND).delete());
    }

    /** Status fields and conditions from a run's result (the runtime's ReplicationResult JSON). */
    static void report(JsonNode result, ReplicationStatus status, StatusConditions conditions) {
        long failed = result.path("failed").asLong();
        long lag = result.path("lagSeconds").asLong();
        status.setItemsCopied(result.path("copied").asLong());
        status.setItemsSkipped(result.path("skipped").asLong());
        status.setItemsFailed(failed);
        status.setLagSeconds(lag);
        status.setLastRunTime(result.path("finishedAt").asText(null));
        status.setLastError(result.hasNonNull("firstError") ? result.path("firstError").asText() : null);
        String counts = status.getItemsCopied() + " copied, " + status.getItemsSkipped() + " already present, " + failed + " failed";
        if (failed == 0) {
            status.setLastSyncTime(status.getLastRunTime());
            conditions.set(ConditionTypes.LAST_RUN_SUCCEEDED, Condition.TRUE, ConditionReasons.RUN_SUCCEEDED, counts);
            conditions.set(ConditionTypes.IN_SYNC, Condition.TRUE, ConditionReasons.UP_TO_DATE, "the target held every source item at "
                    + status.getLastRunTime());
            conditions.ready(ConditionReasons.UP_TO_DATE, counts);
        } else {
            conditions.set(ConditionTypes.LAST_RUN_SUCCEEDED, Condition.FALSE, ConditionReasons.RUN_FAILED, counts + "; " + status.getLastError());
            conditions.set(ConditionTypes.IN_SYNC, Condition.FALSE, ConditionReasons.LAGGING, failed + " item(s) missing, lag " + lag + "s");
            conditions.acceptedNotActive(ConditionReasons.LAGGING, counts + "; the next run retries them");
        }
    }

    /** The result the last finished pod of the Job wrote as its termination message. */
    private static Optional<JsonNode> lastResult(KubernetesClient client, Job job) {
        List<Pod> pods = client.pods().inNamespace(job.getMetadata().getNamespace()).withLabel("job-name", job.getMetadata().getName())
                .list().getItems();
        return pods.stream()
                .filter(p -> p.getStatus() != null && p.getStatus().getContainerStatuses() != null && !p.getStatus().getContainerStatuses().isEmpty())
                .map(p -> p.getStatus().getContainerStatuses().get(0).getState())
                .filter(s -> s != null && s.getTerminated() != null && s.getTerminated().getMessage() != null)
                .max(Comparator.comparing(s -> String.valueOf(s.getTerminated().getFinishedAt())))
                .flatMap(s -> {
                    try {
                        return Optional.of(JSON.readTree(s.getTerminated().getMessage()));
                    } catch (IOException e) {
                        return Optional.empty();
                    }
                });
    }

    private static boolean positive(Integer n) {
        return n != null && n > 0;
    }

    private static boolean isFailed(Job job) {
        return job.getStatus().getConditions() != null && job.getStatus().getConditions().stream()
                .anyMatch(c -> "Failed".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    private static <T extends HasMetadata> T owned(Replication replication, T resource) {
        resource.getMetadata().setOwnerReferences(List.of(new OwnerReferenceBuilder().withApiVersion(replication.getApiVersion())
                .withKind(replication.getKind()).withName(replication.getMetadata().getName())
                .withUid(replication.getMetadata().getUid()).withController(true).withBlockOwnerDeletion(true).build()));
        return resource;
    }

    private static void waiting(StatusConditions conditions, String reason, String message) {
        conditions.set(ConditionTypes.IN_SYNC, Condition.UNKNOWN, reason, message);
        conditions.set(ConditionTypes.LAST_RUN_SUCCEEDED, Condition.UNKNOWN, ConditionReasons.NOT_RUN_YET, "replication has never run");
        conditions.progressing(reason, message);
    }

    private static ReplicationStatus copy(ReplicationStatus previous) {
        ReplicationStatus next = new ReplicationStatus();
        if (previous != null) {
            next.setLastSyncTime(previous.getLastSyncTime());
            next.setLastRunTime(previous.getLastRunTime());
            next.setNextRunTime(previous.getNextRunTime());
            next.setItemsCopied(previous.getItemsCopied());
            next.setItemsSkipped(previous.getItemsSkipped());
            next.setItemsFailed(previous.getItemsFailed());
            next.setLagSeconds(previous.getLagSeconds());
            next.setLastError(previous.getLastError());
        }
        return next;
    }

    private UpdateControl<Replication> update(Replication replication, ReplicationStatus next, StatusConditions conditions) {
        next.setConditions(conditions.build());
        if (next.equals(replication.getStatus())) {
            return UpdateControl.noUpdate();
        }
        replication.setStatus(next);
        replication.getMetadata().setResourceVersion(null);
        return UpdateControl.patchStatus(replication);
    }

    @Override
    public ErrorStatusUpdateControl<Replication> updateErrorStatus(Replication replication, Context<Replication> context, Exception e) {
        LOG.warnf("Replication %s: %s", Labels.ref(replication), e.toString());
        var conditions = StatusConditions.from(replication, clock).progressing(ConditionReasons.RECONCILE_ERROR, String.valueOf(e.getMessage()));
        ReplicationStatus status = replication.getStatus() == null ? new ReplicationStatus() : replication.getStatus();
        status.setConditions(conditions.build());
        replication.setStatus(status);
        return ErrorStatusUpdateControl.patchStatus(replication);
    }
}
