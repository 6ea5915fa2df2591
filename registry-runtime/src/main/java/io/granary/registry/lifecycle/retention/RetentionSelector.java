package io.granary.registry.lifecycle.retention;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Decides which items a run deletes. Every rule that is set must allow a deletion: an item is kept
 * when it is protected, excluded, outside the include patterns, among the newest N of its artifact,
 * younger than maxAge, or downloaded within keepDownloadedWithin.
 */
final class RetentionSelector {

    /** An item selected for deletion and why. */
    record Candidate(RetentionItem item, String reason) {
    }

    /** Maven build numbers: "yyyyMMdd.HHmmss-N", newest first. */
    private static final Comparator<RetentionItem> BUILD_ORDER = Comparator
            .comparing((RetentionItem i) -> i.version().replaceAll("-\\d+$", ""))
            .thenComparingLong(i -> Long.parseLong(i.version().replaceAll("^.*-", "")))
            .reversed();

    private RetentionSelector() {
    }

    /**
     * The candidates among {@code items}, in artifact order then newest first. {@code versionOrder}
     * orders versions of one artifact oldest first (the format's version order).
     */
    static List<Candidate> select(RetentionRuleSet rules, List<RetentionItem> items, Comparator<RetentionItem> versionOrder,
                                  Instant now) {
        Map<String, List<RetentionItem>> groups = items.stream()
                .filter(i -> rules.included(i.artifact()))
                .filter(i -> !rules.snapshotsOnly() || i.prerelease() || i.kind() != RetentionItem.Kind.VERSION)
                .collect(Collectors.groupingBy(i -> i.kind() + "\u0000" + i.artifact(), LinkedHashMap::new, Collectors.toList()));
        List<Candidate> selected = new ArrayList<>();
        for (List<RetentionItem> group : groups.values()) {
            RetentionItem.Kind kind = group.get(0).kind();
            List<RetentionItem> newestFirst = new ArrayList<>(group);
            switch (kind) {
                case VERSION -> newestFirst.sort(versionOrder.reversed());
                case SNAPSHOT_BUILD -> newestFirst.sort(BUILD_ORDER);
                case UNTAGGED_MANIFEST -> newestFirst.sort(Comparator.comparing(RetentionItem::pushedAt).reversed());
            }
            Integer keep = switch (kind) {
                case VERSION -> rules.keepLastVersions().isPresent() ? rules.keepLastVersions().getAsInt() : null;
                case SNAPSHOT_BUILD -> rules.keepLastSnapshotBuilds().isPresent() ? rules.keepLastSnapshotBuilds().getAsInt() : null;
                case UNTAGGED_MANIFEST -> null;
            };
            if (kind == RetentionItem.Kind.UNTAGGED_MANIFEST && !rules.untaggedManifests()) {
                continue;
            }
            if (kind == RetentionItem.Kind.SNAPSHOT_BUILD && keep == null) {
                continue;
            }
            if (kind == RetentionItem.Kind.VERSION && keep == null && rules.maxAge().isEmpty()) {
                continue;
            }
            for (int rank = 0; rank < newestFirst.size(); rank++) {
                RetentionItem item = newestFirst.get(rank);
                String reason = reason(rules, item, keep, rank, now);
                if (reason != null) {
                    selected.add(new Candidate(item, reason));
                }
            }
        }
        return withoutBuildsOfDeletedVersions(selected);
    }

    /** Why the item goes, or null when a rule keeps it. */
    private static String reason(RetentionRuleSet rules, RetentionItem item, Integer keep, int rank, Instant now) {
        if (item.protection() != null || rules.excluded(item.artifact(), item.version())) {
            return null;
        }
        if (keep != null && rank < keep) {
            return null;
        }
        if (rules.maxAge().isPresent() && item.pushedAt().isAfter(now.minus(rules.maxAge().get()))) {
            return null;
        }
        if (rules.keepDownloadedWithin().isPresent() && item.downloadedAt() != null
                && item.downloadedAt().isAfter(now.minus(rules.keepDownloadedWithin().get()))) {
            return null;
        }
        List<String> why = new ArrayList<>();
        if (keep != null) {
            why.add("beyond the newest " + keep);
        }
        if (item.kind() == RetentionItem.Kind.UNTAGGED_MANIFEST) {
            why.add("untagged manifest");
        }
        rules.maxAge().ifPresent(age -> why.add("older than " + age.toDays() + "d"));
        rules.keepDownloadedWithin().ifPresent(d -> why.add("not downloaded within " + d.toDays() + "d"));
        return String.join(", ", why);
    }

    /** A SNAPSHOT version deleted whole takes its builds with it. */
    private static List<Candidate> withoutBuildsOfDeletedVersions(List<Candidate> selected) {
        Set<String> versions = selected.stream().filter(c -> c.item().kind() == RetentionItem.Kind.VERSION)
                .map(c -> c.item().artifact() + ":" + c.item().version()).collect(Collectors.toSet());
        return selected.stream().filter(c -> c.item().kind() != RetentionItem.Kind.SNAPSHOT_BUILD
                || !versions.contains(c.item().artifact())).toList();
    }
}
