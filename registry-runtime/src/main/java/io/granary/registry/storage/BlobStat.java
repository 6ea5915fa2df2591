package io.granary.registry.storage;

import java.time.Instant;

/** What the store knows about a committed blob without reading it. */
public record BlobStat(String sha256, long size, Instant lastModified) {
}
