package io.granary.registry.metadata;

/** How many assets a repository holds and how many bytes they reference. */
public record RepositoryUsage(long assets, long bytes) {
}
