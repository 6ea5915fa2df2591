package io.granary.registry.lifecycle.promotion;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One artifact version found in the source repository, with what the gates need and what a copy
 * moves: asset paths for file formats, manifests and blobs for OCI, the version row for npm.
 *
 * @param digest     {@code sha256:<hex>} of the main file or of the image manifest
 * @param createdAt  when the newest part arrived in the source (minimum age counts from it)
 * @param properties the version's properties (OCI: manifest annotations)
 */
record Candidate(String name, String version, String digest, Instant createdAt, Map<String, String> properties,
                 Evidence evidence, List<String> paths, OciParts oci, NpmPromotions.VersionRow npm) {

    /**
     * The OCI side of a candidate: the image, its manifests (root, children, referrers) and blobs, and which
     * of those manifests are signatures of the image (to verify against a key).
     */
    record OciParts(String image, String tag, String rootSha256, List<String> manifests, List<String> blobs,
                    Map<String, String> extraTags, List<String> signatures) {
    }
}
