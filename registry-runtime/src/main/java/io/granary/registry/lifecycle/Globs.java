package io.granary.registry.lifecycle;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.List;

/**
 * Name and version patterns of the lifecycle kinds (selectors, filters): shell globs where {@code *}
 * stays inside one path segment and {@code **} crosses segments, as in Repository immutability patterns.
 */
public final class Globs {

    private final List<PathMatcher> matchers;

    private Globs(List<PathMatcher> matchers) {
        this.matchers = matchers;
    }

    /** Patterns; an invalid one raises IllegalArgumentException naming it. */
    public static Globs of(List<String> patterns) {
        return new Globs(patterns == null ? List.of() : patterns.stream().map(Globs::compile).toList());
    }

    private static PathMatcher compile(String pattern) {
        try {
            return FileSystems.getDefault().getPathMatcher("glob:" + pattern);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("invalid pattern '" + pattern + "': " + e.getMessage());
        }
    }

    /** True when there are no patterns. */
    public boolean isEmpty() {
        return matchers.isEmpty();
    }

    /** Whether any pattern matches the value. */
    public boolean anyMatch(String value) {
        if (value == null || value.isEmpty()) {
            return false;
        }
        Path p = Path.of(value);
        return matchers.stream().anyMatch(m -> m.matches(p));
    }

    /** Empty patterns match everything; otherwise like {@link #anyMatch}. */
    public boolean includes(String value) {
        return isEmpty() || anyMatch(value);
    }
}
