package io.granary.api.v1alpha1.common;

import io.fabric8.kubernetes.client.CustomResource;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Reading and updating condition lists the way kstatus expects (transition time moves only on status flips). */
public final class Conditions {

    private Conditions() {
    }

    /** The condition of the given type, if the list has one. */
    public static Optional<Condition> find(List<Condition> conditions, String type) {
        if (conditions == null) {
            return Optional.empty();
        }
        return conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
    }

    /** Whether the condition of the given type is present with status True. */
    public static boolean isTrue(List<Condition> conditions, String type) {
        return find(conditions, type).map(c -> Condition.TRUE.equals(c.getStatus())).orElse(false);
    }

    /**
     * Puts {@code update} into {@code conditions}, replacing the condition of the same type. The stored
     * lastTransitionTime is carried forward while the status stays the same and set to {@code now} when it flips
     * (or the type is new). Returns whether the list changed, so callers patch status only when needed.
     */
    public static boolean upsert(List<Condition> conditions, Condition update, Instant now) {
        Objects.requireNonNull(update.getType(), "condition type");
        Objects.requireNonNull(update.getStatus(), "condition status");
        Condition next = new Condition(update);
        for (int i = 0; i < conditions.size(); i++) {
            Condition current = conditions.get(i);
            if (update.getType().equals(current.getType())) {
                boolean flipped = !update.getStatus().equals(current.getStatus()) || current.getLastTransitionTime() == null;
                next.setLastTransitionTime(flipped ? rfc3339(now) : current.getLastTransitionTime());
                if (next.equals(current)) {
                    return false;
                }
                conditions.set(i, next);
                return true;
            }
        }
        next.setLastTransitionTime(rfc3339(now));
        conditions.add(next);
        return true;
    }

    /**
     * Whether the resource's status describes its latest spec and says Ready=True: what a client, a test or a
     * dependent resource waits for (status.observedGeneration and the Ready condition's observedGeneration, when
     * present, both equal metadata.generation).
     */
    public static boolean isReadyAtLatestGeneration(CustomResource<?, ? extends ConditionedStatus> resource) {
        if (resource == null || resource.getStatus() == null || resource.getMetadata() == null) {
            return false;
        }
        Long generation = resource.getMetadata().getGeneration();
        ConditionedStatus status = resource.getStatus();
        if (generation == null || !generation.equals(status.getObservedGeneration())) {
            return false;
        }
        return find(status.getConditions(), ConditionTypes.READY)
                .filter(ready -> Condition.TRUE.equals(ready.getStatus()))
                .filter(ready -> ready.getObservedGeneration() == null || generation.equals(ready.getObservedGeneration()))
                .isPresent();
    }

    /** Formats an instant the way Kubernetes writes metav1.Time: RFC 3339, whole seconds, UTC. */
    public static String rfc3339(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
