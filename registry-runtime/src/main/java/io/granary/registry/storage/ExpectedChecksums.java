package io.granary.registry.storage;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/** Checksums a client announced for an upload; each one that is present must match on commit. */
public record ExpectedChecksums(Map<ChecksumAlgorithm, String> values) {

    public static final ExpectedChecksums NONE = new ExpectedChecksums(Map.of());

    public ExpectedChecksums {
        EnumMap<ChecksumAlgorithm, String> copy = new EnumMap<>(ChecksumAlgorithm.class);
        values.forEach((algorithm, hex) -> copy.put(algorithm, hex.toLowerCase(java.util.Locale.ROOT)));
        values = Collections.unmodifiableMap(copy);
    }

    public static ExpectedChecksums sha256(String hex) {
        return new ExpectedChecksums(Map.of(ChecksumAlgorithm.SHA256, hex));
    }
}
