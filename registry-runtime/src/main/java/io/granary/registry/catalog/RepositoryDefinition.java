package io.granary.registry.catalog;

import io.granary.api.v1alpha1.common.Quantities;
import io.granary.api.v1alpha1.repository.Repository;
import io.granary.api.v1alpha1.repository.RepositoryFormat;
import io.granary.api.v1alpha1.repository.RepositorySpec;
import io.granary.api.v1alpha1.repository.RepositoryType;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * One declared repository as the runtime sees it: the Repository resource with its defaults applied
 * and the derived values (quota in bytes, immutability matchers) computed once.
 */
public final class RepositoryDefinition {

    private final String name;
    private final RepositoryFormat format;
    private final RepositoryType type;
    private final boolean anonymousRead;
    private final boolean immutable;
    private final List<PathMatcher> immutablePatterns;
    private final OptionalLong quotaBytes;
    private final Repository resource;

    private RepositoryDefinition(Repository resource) {
        this.resource = resource;
        RepositorySpec spec = Objects.requireNonNull(resource.getSpec(), "spec is required");
        this.name = Objects.requireNonNull(resource.getMetadata().getName(), "metadata.name is required");
        this.format = Objects.requireNonNull(spec.getFormat(), "spec.format is required");
        this.type = spec.getType() == null ? RepositoryType.HOSTED : spec.getType();
        this.anonymousRead = spec.getAccess() != null && Boolean.TRUE.equals(spec.getAccess().getAnonymousRead());
        var immutability = spec.getImmutability();
        this.immutable = immutability != null && Boolean.TRUE.equals(immutability.getEnabled());
        List<String> patterns = immutability == null || immutability.getPatterns() == null
                ? List.of() : immutability.getPatterns();
        this.immutablePatterns = patterns.stream()
                .map(p -> FileSystems.getDefault().getPathMatcher("glob:" + p))
                .toList();
        String quota = spec.getStorage() == null ? null : spec.getStorage().getQuota();
        this.quotaBytes = quota == null || quota.isBlank() ? OptionalLong.empty() : OptionalLong.of(Quantities.toBytes(quota));
    }

    /** Validates and wraps a Repository resource; throws IllegalArgumentException with the reason. */
    public static RepositoryDefinition of(Repository resource) {
        try {
            return new RepositoryDefinition(resource);
        } catch (NullPointerException | IllegalArgumentException e) {
            String n = resource.getMetadata() == null ? "?" : resource.getMetadata().getName();
            throw new IllegalArgumentException("Repository " + n + " is invalid: " + e.getMessage(), e);
        }
    }

    public String name() {
        return name;
    }

    public RepositoryFormat format() {
        return format;
    }

    public RepositoryType type() {
        return type;
    }

    public boolean anonymousRead() {
        return anonymousRead;
    }

    public OptionalLong quotaBytes() {
        return quotaBytes;
    }

    public Repository resource() {
        return resource;
    }

    /**
     * Whether the asset at {@code path} may never be overwritten: the whole repository when
     * immutability is enabled without patterns, else only paths matching one of the patterns.
     */
    public boolean isImmutable(String path) {
        if (!immutable) {
            return false;
        }
        if (immutablePatterns.isEmpty()) {
            return true;
        }
        Path p = Path.of(path);
        return immutablePatterns.stream().anyMatch(m -> m.matches(p));
    }

    /** Whether anything in this repository is protected from overwrite. */
    public boolean hasImmutability() {
        return immutable;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RepositoryDefinition other && Objects.equals(resource, other.resource);
    }

    @Override
    public int hashCode() {
        return resource.hashCode();
    }

    @Override
    public String toString() {
        return name + " (" + format.wireName() + ", " + type + ")";
    }
}
