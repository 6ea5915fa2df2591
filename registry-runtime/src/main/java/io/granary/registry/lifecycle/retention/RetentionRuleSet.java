package io.granary.registry.lifecycle.retention;

import io.granary.api.v1alpha1.common.Durations;
import io.granary.api.v1alpha1.retention.RetentionRules;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/** The rules of a RetentionPolicy, validated and compiled once for a run. */
public record RetentionRuleSet(OptionalInt keepLastVersions, OptionalInt keepLastSnapshotBuilds, Optional<Duration> maxAge,
                               Optional<Duration> keepDownloadedWithin, List<PathMatcher> include,
                               List<PathMatcher> exclude, boolean snapshotsOnly, boolean untaggedManifests) {

    /** Compiles the CRD's rules; throws IllegalArgumentException naming the bad field. */
    public static RetentionRuleSet of(RetentionRules rules) {
        if (rules == null) {
            throw new IllegalArgumentException("rules are required");
        }
        OptionalInt keep = nonNegative("keepLastVersions", rules.getKeepLastVersions());
        OptionalInt builds = nonNegative("keepLastSnapshotBuilds", rules.getKeepLastSnapshotBuilds());
        Optional<Duration> maxAge = duration("maxAge", rules.getMaxAge());
        if (keep.isEmpty() && builds.isEmpty() && maxAge.isEmpty() && !rules.getUntaggedManifests()) {
            throw new IllegalArgumentException("bound deletion with keepLastVersions, keepLastSnapshotBuilds or maxAge, "
                    + "or delete only untaggedManifests");
        }
        return new RetentionRuleSet(keep, builds, maxAge, duration("keepDownloadedWithin", rules.getKeepDownloadedWithin()),
                globs(rules.getInclude()), globs(rules.getExclude()), rules.getSnapshotsOnly(),
                rules.getUntaggedManifests());
    }

    /** Whether an artifact falls under the include patterns (all do when there are none). */
    boolean included(String artifact) {
        return include.isEmpty() || matches(include, artifact);
    }

    /** Whether the artifact or the version is excluded. */
    boolean excluded(String artifact, String version) {
        return matches(exclude, artifact) || matches(exclude, version);
    }

    private static boolean matches(List<PathMatcher> globs, String value) {
        Path path = Path.of(value.isEmpty() ? "." : value.replace('/', '\u2215'));
        Path raw = Path.of(value.isEmpty() ? "." : value);
        return globs.stream().anyMatch(g -> g.matches(path) || g.matches(raw));
    }

    private static List<PathMatcher> globs(List<String> patterns) {
        return patterns == null ? List.of() : patterns.stream()
                .map(p -> FileSystems.getDefault().getPathMatcher("glob:" + p)).toList();
    }

    private static OptionalInt nonNegative(String field, Integer value) {
        if (value == null) {
            return OptionalInt.empty();
        }
        if (value < 0) {
            throw new IllegalArgumentException(field + " must not be negative");
        }
        return OptionalInt.of(value);
    }

    private static Optional<Duration> duration(String field, String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Durations.parse(value));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(field + " '" + value + "' is not a duration such as 90d or 12h");
        }
    }
}
