package io.granary.registry.lifecycle.promotion;

import io.granary.api.v1alpha1.promotion.PromotionGateName;
import io.granary.registry.metadata.AssetMetadataStore;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.OptionalLong;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * The rows a promotion writes, each copy in one transaction under the target repository's write lock:
 * asset rows (and their properties) pointing at the very same blobs, OCI manifests, blob links and the
 * tag, the {@value #PROMOTED_BY} marker, and the promotion record that makes a re-applied rule a no-op.
 * Nothing is re-encoded, so digests and checksums are identical by construction.
 */
@ApplicationScoped
public class PromotionStore {

    /** Property on every promoted item naming its rule: makes it immutable, and retention leaves it alone. */
    public static final String PROMOTED_BY = AssetMetadataStore.PROMOTED_BY;

    /** A promotion already recorded. */
    record Promotion(String rule, String digest, Instant promotedAt) {
    }

    private final Mutiny.SessionFactory sessions;

    PromotionStore(Mutiny.SessionFactory sessions) {
        this.sessions = sessions;
    }

    /** The promotion of that version into the target, or null. */
    Uni<Promotion> find(String target, String name, String version) {
        return sessions.withSession(s -> s.createNativeQuery("SELECT rule, digest, promoted_at FROM promotion "
                        + "WHERE target_repository = :target AND name = :name AND version = :version", Object[].class)
                .setParameter("target", target)
                .setParameter("name", name)
                .setParameter("version", version)
                .getResultList()
                .map(rows -> rows.isEmpty() ? null : new Promotion((String) rows.get(0)[0], (String) rows.get(0)[1],
                        instant(rows.get(0)[2]))));
    }

    /** Why a copy wrote nothing: the failing precondition (conflict, quota) and the reason. */
    record Refusal(PromotionGateName gate, String message) {
    }

    /**
     * Copies the asset rows at {@code paths} from source to target with their properties and the marker.
     * Refused, with nothing written, when a target path holds different bytes or when the new rows would
     * take the target beyond {@code quota}.
     */
    Uni<Refusal> copyAssets(long source, long target, List<String> paths, String rule, Record record, OptionalLong quota) {
        String[] array = paths.toArray(String[]::new);
        return sessions.withTransaction(s -> lock(s, target)
                .chain(() -> s.createNativeQuery("SELECT t.path FROM asset src JOIN asset t ON t.repository_id = :target "
                                + "AND t.path = src.path WHERE src.repository_id = :source AND src.path = ANY(:paths) "
                                + "AND t.blob_sha256 <> src.blob_sha256", String.class)
                        .setParameter("target", target).setParameter("source", source).setParameter("paths", array)
                        .getResultList())
                .chain(conflicts -> !conflicts.isEmpty()
                        ? Uni.createFrom().item(new Refusal(PromotionGateName.CONFLICT,
                                "the target holds other bytes at " + String.join(", ", conflicts)))
                        : quotaRefusal(s, source, target, array, quota))
                .chain(refusal -> refusal != null ? Uni.createFrom().item(refusal)
                        : s.createNativeQuery("INSERT INTO asset (repository_id, path, blob_sha256, size, content_type, "
                                        + "created_by) SELECT :target, path, blob_sha256, size, content_type, :actor FROM asset "
                                        + "WHERE repository_id = :source AND path = ANY(:paths) ON CONFLICT (repository_id, path) DO NOTHING")
                                .setParameter("target", target).setParameter("source", source).setParameter("paths", array)
                                .setParameter("actor", "promotion:" + rule)
                                .executeUpdate()
                                .chain(() -> copyProperties(s, source, target, array, rule))
                                .chain(() -> insertRecord(s, record))
                                .replaceWith((Refusal) null)));
    }

    /**
     * The quota refusal for adding the source's assets at {@code paths} that the target lacks, or null.
     * Runs under the target's lock, so the usage it reads cannot change before the rows are written.
     */
    static Uni<Refusal> quotaRefusal(Mutiny.Session s, long source, long target, String[] paths, OptionalLong quota) {
        if (quota.isEmpty()) {
            return Uni.createFrom().nullItem();
        }
        return s.createNativeQuery("SELECT COALESCE(sum(src.size), 0) FROM asset src WHERE src.repository_id = :source "
                        + "AND src.path = ANY(:paths) AND NOT EXISTS (SELECT 1 FROM asset t WHERE t.repository_id = :target "
                        + "AND t.path = src.path)", Long.class)
                .setParameter("source", source).setParameter("target", target).setParameter("paths", paths)
                .getSingleResult()
                .chain(adding -> AssetMetadataStore.usage(s, target).map(usage -> {
                    long after = usage.bytes() + ((Number) adding).longValue();
                    return after <= quota.getAsLong() ? null : new Refusal(PromotionGateName.QUOTA, "copying "
                            + adding + " bytes would take the target to " + after + " of its quota of "
                            + quota.getAsLong() + " bytes (" + usage.bytes() + " used)");
                }));
    }

    /** Copies the properties of the source's assets at {@code paths} to the target's, and marks them promoted. */
    static Uni<Void> copyProperties(Mutiny.Session s, long source, long target, String[] paths, String rule) {
        return s.createNativeQuery("INSERT INTO property (asset_id, key, value) SELECT t.id, p.key, "
                        + "p.value FROM asset src JOIN property p ON p.asset_id = src.id JOIN asset t ON "
                        + "t.repository_id = :target AND t.path = src.path WHERE src.repository_id = :source "
                        + "AND src.path = ANY(:paths) AND p.key <> :marker AND NOT EXISTS (SELECT 1 FROM "
                        + "property q WHERE q.asset_id = t.id AND q.key = p.key)")
                .setParameter("target", target).setParameter("source", source)
                .setParameter("paths", paths).setParameter("marker", PROMOTED_BY)
                .executeUpdate()
                .chain(() -> s.createNativeQuery("INSERT INTO property (asset_id, key, value) SELECT t.id, "
                                + ":marker, :rule FROM asset t WHERE t.repository_id = :target AND t.path = ANY(:paths) "
                                + "AND NOT EXISTS (SELECT 1 FROM property q WHERE q.asset_id = t.id AND q.key = :marker)")
                        .setParameter("target", target).setParameter("paths", paths)
                        .setParameter("marker", PROMOTED_BY).setParameter("rule", rule)
                        .executeUpdate())
                .replaceWithVoid();
    }

    /**
     * Copies an image version: manifests, the blob links they need, the tag (and cosign's
     * {@code sha256-<hex>.sig}-style tags), and marks the tag promoted through a component version row
     * (OCI tags have no asset row to carry properties). Returns a conflict message, or null when copied.
     */
    Uni<String> copyImage(long source, long target, Candidate.OciParts oci, String rule, Record record) {
        String[] manifests = oci.manifests().toArray(String[]::new);
        String[] blobs = oci.blobs().toArray(String[]::new);
        return sessions.withTransaction(s -> lock(s, target)
                .chain(() -> s.createNativeQuery("SELECT target FROM tag WHERE repository_id = :target AND scope = :image "
                                + "AND name = :tag", String.class)
                        .setParameter("target", target).setParameter("image", oci.image()).setParameter("tag", oci.tag())
                        .getResultList())
                .chain(current -> {
                    if (!current.isEmpty() && !current.get(0).equals(oci.rootSha256())) {
                        return Uni.createFrom().item("the target's tag " + oci.image() + ":" + oci.tag()
                                + " points at sha256:" + current.get(0));
                    }
                    return s.createNativeQuery("INSERT INTO oci_manifest (repository_id, image, sha256, media_type, size, "
                                    + "subject, artifact_type, annotations, created_by) SELECT :target, image, sha256, media_type, "
                                    + "size, subject, artifact_type, annotations, :actor FROM oci_manifest WHERE repository_id = "
                                    + ":source AND image = :image AND sha256 = ANY(:manifests) ON CONFLICT DO NOTHING")
                            .setParameter("target", target).setParameter("source", source).setParameter("image", oci.image())
                            .setParameter("manifests", manifests).setParameter("actor", "promotion:" + rule)
                            .executeUpdate()
                            .chain(() -> s.createNativeQuery("INSERT INTO oci_blob_link (repository_id, image, sha256) "
                                            + "SELECT :target, image, sha256 FROM oci_blob_link WHERE repository_id = :source "
                                            + "AND image = :image AND sha256 = ANY(:blobs) ON CONFLICT DO NOTHING")
                                    .setParameter("target", target).setParameter("source", source)
                                    .setParameter("image", oci.image()).setParameter("blobs", blobs)
                                    .executeUpdate())
                            .chain(() -> tag(s, target, oci.image(), oci.tag(), oci.rootSha256()))
                            .chain(() -> extraTags(s, target, oci))
                            .chain(() -> markVersion(s, target, oci.image(), oci.tag(), rule))
                            .chain(() -> insertRecord(s, record))
                            .replaceWith((String) null);
                }));
    }

    private static Uni<Void> extraTags(Mutiny.Session s, long target, Candidate.OciParts oci) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (var tag : oci.extraTags().entrySet()) {
            chain = chain.chain(() -> tag(s, target, oci.image(), tag.getKey(), tag.getValue()));
        }
        return chain;
    }

    private static Uni<Void> tag(Mutiny.Session s, long target, String image, String tag, String sha256) {
        return s.createNativeQuery("INSERT INTO tag (repository_id, scope, name, target) VALUES (:target, :image, :tag, "
                        + ":sha256) ON CONFLICT (repository_id, scope, name) DO NOTHING")
                .setParameter("target", target).setParameter("image", image).setParameter("tag", tag)
                .setParameter("sha256", sha256)
                .executeUpdate().replaceWithVoid();
    }

    private static Uni<Void> markVersion(Mutiny.Session s, long target, String image, String tag, String rule) {
        return s.createNativeQuery("INSERT INTO component (repository_id, namespace, name) VALUES (:target, '', :image) "
                        + "ON CONFLICT (repository_id, namespace, name) DO UPDATE SET name = EXCLUDED.name RETURNING id", Long.class)
                .setParameter("target", target).setParameter("image", image)
                .getSingleResult()
                .chain(component -> s.createNativeQuery("INSERT INTO component_version (component_id, version) VALUES "
                                + "(:component, :tag) ON CONFLICT (component_id, version) DO UPDATE SET version = EXCLUDED.version "
                                + "RETURNING id", Long.class)
                        .setParameter("component", component).setParameter("tag", tag)
                        .getSingleResult())
                .chain(version -> s.createNativeQuery("INSERT INTO property (version_id, key, value) SELECT :version, :marker, "
                                + ":rule WHERE NOT EXISTS (SELECT 1 FROM property WHERE version_id = :version AND key = :marker)")
                        .setParameter("version", version).setParameter("marker", PROMOTED_BY).setParameter("rule", rule)
                        .executeUpdate())
                .replaceWithVoid();
    }

    /** When each manifest arrived in the repository (minimum age counts from the newest). */
    Uni<Instant> manifestCreatedAt(long repository, String image, String sha256) {
        return sessions.withSession(s -> s.createNativeQuery("SELECT created_at FROM oci_manifest WHERE repository_id = "
                                + ":repo AND image = :image AND sha256 = :sha256", Object.class)
                .setParameter("repo", repository).setParameter("image", image).setParameter("sha256", sha256)
                .getResultList()
                .map(rows -> rows.isEmpty() ? null : instant(rows.get(0))));
    }

    /** Every (image, tag) of an OCI repository, cosign's digest tags left out, at most {@code limit}. */
    Uni<List<String[]>> imageTags(long repository, int limit) {
        return sessions.withSession(s -> s.createNativeQuery("SELECT scope, name FROM tag WHERE repository_id = :repo "
                                + "AND name NOT LIKE 'sha256-%' ORDER BY scope, name LIMIT :limit", Object[].class)
                .setParameter("repo", repository).setParameter("limit", limit)
                .getResultList()
                .map(rows -> rows.stream().map(r -> new String[] {(String) r[0], (String) r[1]}).toList()));
    }

    /** Tags of an image named {@code sha256-<hex>.*} (cosign's legacy scheme), name to target. */
    Uni<List<String[]>> digestTags(long repository, String image, String sha256) {
        return sessions.withSession(s -> s.createNativeQuery("SELECT name, target FROM tag WHERE repository_id = :repo "
                                + "AND scope = :image AND name LIKE :prefix", Object[].class)
                .setParameter("repo", repository).setParameter("image", image).setParameter("prefix", "sha256-" + sha256 + ".%")
                .getResultList()
                .map(rows -> rows.stream().map(r -> new String[] {(String) r[0], (String) r[1]}).toList()));
    }

    /** A promotion to record with the copy. */
    record Record(String rule, String source, String target, String name, String version, String digest, Instant promotedAt) {
    }

    static Uni<Void> insertRecord(Mutiny.Session s, Record r) {
        return s.createNativeQuery("INSERT INTO promotion (rule, source_repository, target_repository, name, version, digest, "
                        + "promoted_at) VALUES (:rule, :source, :target, :name, :version, :digest, :at) "
                        + "ON CONFLICT (target_repository, name, version) DO NOTHING")
                .setParameter("rule", r.rule()).setParameter("source", r.source()).setParameter("target", r.target())
                .setParameter("name", r.name()).setParameter("version", r.version()).setParameter("digest", r.digest())
                .setParameter("at", r.promotedAt())
                .executeUpdate().replaceWithVoid();
    }

    static Uni<Void> lock(Mutiny.Session s, long repositoryId) {
        // The same advisory lock the metadata stores take for writes, so a promotion and a push serialise.
        return s.createNativeQuery("SELECT pg_advisory_xact_lock(:key)").setParameter("key", repositoryId)
                .getSingleResult().replaceWithVoid();
    }

    static Instant instant(Object value) {
        if (value instanceof Instant i) {
            return i;
        }
        if (value instanceof OffsetDateTime o) {
            return o.toInstant();
        }
        if (value instanceof java.sql.Timestamp t) {
            return t.toInstant();
        }
        if (value instanceof java.time.LocalDateTime l) {
            return l.toInstant(java.time.ZoneOffset.UTC);
        }
        throw new IllegalStateException("unexpected time value " + value);
    }
}
