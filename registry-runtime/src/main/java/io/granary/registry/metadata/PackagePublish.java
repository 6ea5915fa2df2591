package io.granary.registry.metadata;

import java.util.Map;

/**
 * A new version of a package with the one file it ships (already committed to the blob store) and
 * the tags to point at it, written together or not at all.
 *
 * @param manifest the version's metadata as the format's JSON
 * @param tags tag name → version, set along with the version
 */
public record PackagePublish(long repositoryId, String namespace, String name, String version, String manifest,
                             AssetWrite file, Map<String, String> tags) {
}
