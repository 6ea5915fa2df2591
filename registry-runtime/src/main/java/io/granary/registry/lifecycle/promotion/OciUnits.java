package io.granary.registry.lifecycle.promotion;

import io.granary.registry.catalog.RepositoryDefinition;
import io.granary.registry.core.OciDigest;
import io.granary.registry.core.OciImages;
import io.granary.registry.metadata.OciMetadataStore.ManifestRow;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Resolves an OCI image version ({@code name} = image, {@code version} = tag) to what a promotion copies:
 * the manifest, its child manifests (an index), every referrer (signatures, SBOMs, scan results) and
 * referrers of those, all blobs they reference, and cosign's {@code sha256-<hex>.sig} tags.
 */
final class OciUnits {

    /** Referrer levels followed (a signature of an SBOM of the image is two). */
    private static final int REFERRER_DEPTH = 3;
    /** Manifests gathered per version at most, so a pathological graph cannot exhaust memory. */
    private static final int MAX_MANIFESTS = 1_000;

    private final OciImages images;
    private final PromotionStore store;

    OciUnits(OciImages images, PromotionStore store) {
        this.images = images;
        this.store = store;
    }

    /** The candidate, or null when the source has no such tag. */
    Uni<Candidate> resolve(RepositoryDefinition source, long sourceId, String image, String tag) {
        return images.tagged(source, image, tag).chain(root -> {
            if (root == null) {
                return Uni.createFrom().nullItem();
            }
            Walk walk = new Walk(source, image);
            return walk.visit(root, 0, true)
                    .chain(() -> store.digestTags(sourceId, image, root.sha256()))
                    .chain(digestTags -> {
                        Map<String, String> extraTags = new LinkedHashMap<>();
                        Uni<Void> chain = Uni.createFrom().voidItem();
                        for (String[] t : digestTags) {
                            extraTags.put(t[0], t[1]);
                            walk.evidence = walk.evidence.and(legacyCosign(t[0]));
                            if (t[0].endsWith(".sig")) {
                                walk.signatures.add(t[1]);
                            }
                            chain = chain.chain(() -> images.manifest(source, image, t[1])
                                    .chain(m -> m == null ? Uni.createFrom().voidItem() : walk.visit(m, 1, false)));
                        }
                        return chain.replaceWith(extraTags);
                    })
                    .chain(extraTags -> newest(sourceId, image, walk.manifests).map(createdAt -> new Candidate(image, tag,
                            "sha256:" + root.sha256(), createdAt, annotations(root.annotations()), walk.evidence, List.of(),
                            new Candidate.OciParts(image, tag, root.sha256(), List.copyOf(walk.manifests),
                                    List.copyOf(walk.blobs), extraTags, List.copyOf(walk.signatures)), null)));
        });
    }

    private Uni<Instant> newest(long sourceId, String image, Set<String> manifests) {
        Uni<Instant> chain = Uni.createFrom().item(Instant.EPOCH);
        for (String sha : manifests) {
            chain = chain.chain(max -> store.manifestCreatedAt(sourceId, image, sha)
                    .map(at -> at != null && at.isAfter(max) ? at : max));
        }
        return chain;
    }

    private static Evidence legacyCosign(String tagName) {
        if (tagName.endsWith(".sig")) {
            return new Evidence(true, false, false, java.util.Optional.empty());
        }
        return tagName.endsWith(".sbom") ? new Evidence(false, true, false, java.util.Optional.empty()) : Evidence.NONE;
    }

    /** Manifest annotations as properties (the gates' "required properties" of an image). */
    static Map<String, String> annotations(String json) {
        Map<String, String> map = new TreeMap<>();
        if (json != null && !json.isBlank()) {
            new JsonObject(json).forEach(e -> map.put(e.getKey(), String.valueOf(e.getValue())));
        }
        return map;
    }

    /** A depth-first walk over the manifest graph of one version. */
    private final class Walk {
        final RepositoryDefinition source;
        final String image;
        final Set<String> manifests = new LinkedHashSet<>();
        final Set<String> blobs = new LinkedHashSet<>();
        /** Signature manifests: referrers of a signature type and cosign's {@code .sig} tags. */
        final Set<String> signatures = new LinkedHashSet<>();
        Evidence evidence = Evidence.NONE;

        Walk(RepositoryDefinition source, String image) {
            this.source = source;
            this.image = image;
        }

        Uni<Void> visit(ManifestRow row, int depth, boolean root) {
            if (!manifests.add(row.sha256()) || manifests.size() > MAX_MANIFESTS) {
                return Uni.createFrom().voidItem();
            }
            if (!root && depth == 1) {
                Evidence found = Evidence.ofArtifactType(row.artifactType(),
                        annotations(row.annotations()).get(Evidence.SEVERITY_PROPERTY));
                evidence = evidence.and(found);
                if (found.signed()) {
                    signatures.add(row.sha256());
                }
            }
            return images.manifestBytes(source, row).chain(bytes -> {
                List<String> children = new ArrayList<>();
                JsonObject json = new JsonObject(new String(bytes, StandardCharsets.UTF_8));
                digestOf(json.getJsonObject("config")).ifPresent(blobs::add);
                for (Object layer : json.getJsonArray("layers", new JsonArray())) {
                    if (layer instanceof JsonObject l) {
                        digestOf(l).ifPresent(blobs::add);
                    }
                }
                for (Object child : json.getJsonArray("manifests", new JsonArray())) {
                    if (child instanceof JsonObject c) {
                        digestOf(c).ifPresent(children::add);
                    }
                }
                Uni<Void> chain = Uni.createFrom().voidItem();
                for (String child : children) {
                    chain = chain.chain(() -> images.manifest(source, image, child)
                            .chain(m -> m == null ? Uni.createFrom().voidItem() : visit(m, depth, true)));
                }
                if (depth < REFERRER_DEPTH) {
                    chain = chain.chain(() -> images.referrers(source, image, OciDigest.sha256(row.sha256()), null).chain(referrers -> {
                        Uni<Void> inner = Uni.createFrom().voidItem();
                        for (ManifestRow referrer : referrers) {
                            inner = inner.chain(() -> visit(referrer, depth + 1, false));
                        }
                        return inner;
                    }));
                }
                return chain;
            });
        }
    }

    private static java.util.Optional<String> digestOf(JsonObject descriptor) {
        if (descriptor == null) {
            return java.util.Optional.empty();
        }
        String digest = descriptor.getString("digest");
        return digest != null && digest.startsWith("sha256:") ? java.util.Optional.of(digest.substring(7))
                : java.util.Optional.empty();
    }
}
