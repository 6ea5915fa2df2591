package io.granary.registry.metadata;

import java.time.Instant;

/** One published version of a package: its manifest JSON and when it was published. */
public record StoredPackageVersion(long id, String version, String manifest, Instant publishedAt) {
}
