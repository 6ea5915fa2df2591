package io.granary.registry.metadata;

import java.util.Map;
import java.util.Set;

/**
 * Changes to an existing package applied in one transaction: manifests replaced (e.g. deprecation),
 * versions removed with their files, tags set or removed.
 *
 * @param manifests version → new manifest JSON
 * @param removedVersions versions to unpublish
 * @param tags tag → version to set
 * @param removedTags tags to remove
 */
public record PackageRevision(long repositoryId, String namespace, String name, Map<String, String> manifests,
                              Set<String> removedVersions, Map<String, String> tags, Set<String> removedTags) {
}
