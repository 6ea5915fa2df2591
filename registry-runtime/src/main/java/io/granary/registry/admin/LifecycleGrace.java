package io.granary.registry.admin;

import io.granary.api.v1alpha1.common.Durations;
import io.granary.registry.lifecycle.gc.GarbageCollector;
import java.time.Duration;

/** The garbage-collection grace an admin request asks for: the configured one by default, never below the minimum. */
final class LifecycleGrace {

    private LifecycleGrace() {
    }

    static Duration of(String requested, GarbageCollector gc) {
        if (requested == null || requested.isBlank()) {
            return gc.defaultGrace();
        }
        Duration grace;
        try {
            grace = Durations.parse(requested);
        } catch (RuntimeException e) {
            throw new ApiException(400, "INVALID_GRACE", "grace '" + requested + "' is not a duration such as 1h or 30m");
        }
        if (grace.compareTo(gc.minGrace()) < 0) {
            throw new ApiException(400, "INVALID_GRACE", "grace " + requested + " is shorter than the minimum "
                    + gc.minGrace().toSeconds() + "s that protects uploads still committing");
        }
        return grace;
    }
}
