package io.granary.registry.metadata;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A package (component) of a hosted repository as read in one go: its versions with their manifests
 * (the format's own JSON, kept verbatim) and its movable tags.
 *
 * @param namespace the scope or group ("" when none)
 * @param modifiedAt when a version or tag of it last changed
 * @param tags tag name → version
 */
public record StoredPackage(long id, String namespace, String name, Instant createdAt, Instant modifiedAt,
                            List<StoredPackageVersion> versions, Map<String, String> tags) {
}
