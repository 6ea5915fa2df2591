package io.granary.registry.storage;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/** The lowercase hex digests computed for one blob; SHA-256 is always present. */
public record Checksums(Map<ChecksumAlgorithm, String> values) {

    public Checksums {
        if (!values.containsKey(ChecksumAlgorithm.SHA256)) {
            throw new IllegalArgumentException("sha256 is mandatory");
        }
        values = Collections.unmodifiableMap(new EnumMap<>(values));
    }

    public String sha256() {
        return values.get(ChecksumAlgorithm.SHA256);
    }

    public Optional<String> get(ChecksumAlgorithm algorithm) {
        return Optional.ofNullable(values.get(algorithm));
    }
}
