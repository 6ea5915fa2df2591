package io.granary.registry.metadata;

import java.util.Map;

/** An asset with its properties (the per-file metadata a format keeps beside the bytes). */
public record LabeledAsset(StoredAsset asset, Map<String, String> properties) {

    public String property(String key) {
        return properties.get(key);
    }
}
