package io.granary.registry.lifecycle.promotion;

import io.granary.registry.lifecycle.retention.SemverOrder;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Which dist-tags a promoted npm version takes in the target, and which {@code latest} a move leaves in
 * the source. {@code latest} is what a bare {@code npm install name} resolves, so it follows the highest
 * release (a version without a pre-release part) rather than the most recent promotion.
 */
final class NpmDistTags {

    static final String LATEST = "latest";

    private NpmDistTags() {
    }

    /**
     * The tags to point at {@code version} after it joined the target's {@code versions}: {@code latest} when
     * it is the highest release there (or the target has no {@code latest} yet, since npm needs one); every
     * other tag the source points at it, unless the target's tag of that name names a higher version.
     */
    static List<String> afterPromotion(String version, Collection<String> versions, Map<String, String> targetTags,
                                       Collection<String> sourceTags) {
        List<String> chosen = new ArrayList<>();
        if (!targetTags.containsKey(LATEST) || isHighestRelease(version, versions)) {
            chosen.add(LATEST);
        }
        for (String tag : sourceTags) {
            String current = targetTags.get(tag);
            if (!tag.equals(LATEST) && (current == null || SemverOrder.INSTANCE.compare(current, version) < 0)) {
                chosen.add(tag);
            }
        }
        return chosen;
    }

    /** The version {@code latest} should name among {@code versions}: the highest release, else the highest; null when none. */
    static String latestOf(Collection<String> versions) {
        Comparator<String> order = SemverOrder.INSTANCE;
        return versions.stream().filter(v -> !SemverOrder.prerelease(v)).max(order)
                .orElseGet(() -> versions.stream().max(order).orElse(null));
    }

    private static boolean isHighestRelease(String version, Collection<String> versions) {
        return !SemverOrder.prerelease(version) && version.equals(latestOf(versions));
    }
}
