package io.granary.operator.lifecycle;

import io.fabric8.kubernetes.client.CustomResource;
import io.granary.api.v1alpha1.common.ConditionReasons;
import io.granary.api.v1alpha1.common.ConditionedStatus;
import io.granary.api.v1alpha1.repository.Repository;
import io.granary.operator.common.OperatorReasons;
import io.granary.operator.common.StatusConditions;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The shared shape of the RetentionPolicy, Replication and PromotionRule reconcilers while their execution (runtime
 * jobs) is not built: validate that every referenced local Repository exists, then say plainly that nothing runs.
 */
abstract class LifecycleReconciler<R extends CustomResource<?, S>, S extends ConditionedStatus> implements Reconciler<R> {

    /** How often missing references are looked for again (they raise no event on this resource). */
    static final long RECHECK_MILLIS = 10_000;

    private final Clock clock;
    private final Supplier<S> newStatus;

    LifecycleReconciler(Clock clock, Supplier<S> newStatus) {
        this.clock = clock;
        this.newStatus = newStatus;
    }

    /** Names of the local Repositories the spec refers to. */
    abstract List<String> referencedRepositories(R resource);

    /** Sets the kind's own conditions for "accepted, not executed". */
    abstract void notExecuted(StatusConditions conditions);

    /** What the kind would do, for the Ready message. */
    abstract String what();

    @Override
    public UpdateControl<R> reconcile(R resource, Context<R> context) {
        String namespace = resource.getMetadata().getNamespace();
        List<String> missing = referencedRepositories(resource).stream().filter(Objects::nonNull).distinct()
                .filter(name -> context.getClient().resources(Repository.class).inNamespace(namespace).withName(name).get() == null)
                .toList();
        StatusConditions conditions = StatusConditions.from(resource, clock);
        notExecuted(conditions);
        if (!missing.isEmpty()) {
            conditions.progressing(ConditionReasons.REPOSITORY_NOT_FOUND,
                    "Repository " + String.join(", ", missing) + " does not exist in namespace " + namespace);
        } else {
            conditions.acceptedNotActive(OperatorReasons.EXECUTION_NOT_IMPLEMENTED, "the spec is valid and its references resolve, but "
                    + what() + " is not executed yet: this Granary version has no " + what() + " jobs");
        }
        S next = newStatus.get();
        next.setObservedGeneration(resource.getMetadata().getGeneration());
        next.setConditions(conditions.build());
        UpdateControl<R> control;
        if (sameConditions(resource.getStatus(), next)) {
            control = UpdateControl.noUpdate();
        } else {
            S status = resource.getStatus() == null ? newStatus.get() : resource.getStatus();
            status.setObservedGeneration(next.getObservedGeneration());
            status.setConditions(next.getConditions());
            resource.setStatus(status);
            resource.getMetadata().setResourceVersion(null);
            control = UpdateControl.patchStatus(resource);
        }
        return missing.isEmpty() ? control : control.rescheduleAfter(RECHECK_MILLIS);
    }

    private static boolean sameConditions(ConditionedStatus current, ConditionedStatus next) {
        return current != null && Objects.equals(current.getObservedGeneration(), next.getObservedGeneration())
                && Objects.equals(current.getConditions(), next.getConditions());
    }
}
