package io.granary.registry.lifecycle.promotion;

import io.granary.api.v1alpha1.promotion.PromotionGateName;
import io.granary.registry.lifecycle.promotion.PromotionStore.Refusal;
import io.granary.registry.metadata.PackageMetadataStore;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * The rows an npm promotion reads and writes. A version is its component version row, its manifest
 * (kept verbatim, so {@code dist.integrity} and {@code dist.shasum} still describe the very same tarball)
 * and its tarball asset; the target's packument is rendered from these rows on the next read, with the
 * dist-tags {@link NpmDistTags} chose.
 */
@ApplicationScoped
class NpmPromotions {

    /** One version of the source as a listing finds it. */
    record VersionRow(String namespace, String name, String version, String manifest, String path, String sha256,
                      Instant createdAt, String properties) {

        /** {@code @scope/name} or {@code name}, as npm and the rule name it. */
        String fullName() {
            return namespace.isEmpty() ? name : namespace + "/" + name;
        }
    }

    private final Mutiny.SessionFactory sessions;

    NpmPromotions(Mutiny.SessionFactory sessions) {
        this.sessions = sessions;
    }

    /** The repository's versions with their tarballs, package by package in publish order, at most {@code limit}. */
    Uni<List<VersionRow>> versions(long repository, int limit) {
        return sessions.withSession(s -> s.createNativeQuery("SELECT c.namespace, c.name, v.version, p.value, a.path, "
                                + "a.blob_sha256, a.created_at, (SELECT COALESCE(jsonb_object_agg(q.key, q.value), '{}'::jsonb)"
                                + "::text FROM property q WHERE q.asset_id = a.id) FROM component c JOIN component_version v ON "
                                + "v.component_id = c.id JOIN property p ON p.version_id = v.id AND p.key = :manifest JOIN asset a "
                                + "ON a.version_id = v.id WHERE c.repository_id = :repo ORDER BY c.namespace, c.name, v.id "
                                + "LIMIT :limit", Object[].class)
                .setParameter("manifest", PackageMetadataStore.MANIFEST).setParameter("repo", repository)
                .setParameter("limit", limit)
                .getResultList()
                .map(rows -> rows.stream().map(r -> new VersionRow((String) r[0], (String) r[1], (String) r[2], (String) r[3],
                        (String) r[4], ((String) r[5]).strip(), PromotionStore.instant(r[6]), (String) r[7])).toList()));
    }

    /**
     * Copies one version into the target in one transaction under the target's lock: component, version,
     * manifest, tarball asset (the same blob) with its properties and the promoted marker, the dist-tags
     * {@link NpmDistTags} picks, and the promotion record. Refused, with nothing written, when the target
     * holds that version (or its tarball path) with other bytes, or when the tarball would exceed the quota.
     */
    Uni<Refusal> copy(long source, long target, VersionRow v, String rule, PromotionStore.Record record, OptionalLong quota) {
        String[] paths = {v.path()};
        String scope = v.fullName();
        return sessions.withTransaction(s -> PromotionStore.lock(s, target)
                .chain(() -> s.createNativeQuery("SELECT a.blob_sha256 FROM asset a WHERE a.repository_id = :target AND "
                                + "(a.path = :path OR a.version_id = (SELECT cv.id FROM component c JOIN component_version cv ON "
                                + "cv.component_id = c.id WHERE c.repository_id = :target AND c.namespace = :ns AND c.name = :name "
                                + "AND cv.version = :version))", String.class)
                        .setParameter("target", target).setParameter("path", v.path()).setParameter("ns", v.namespace())
                        .setParameter("name", v.name()).setParameter("version", v.version())
                        .getResultList())
                .chain(present -> {
                    if (present.stream().anyMatch(sha -> !sha.strip().equals(v.sha256()))) {
                        return Uni.createFrom().item(new Refusal(PromotionGateName.CONFLICT, "the target holds "
                                + scope + "@" + v.version() + " with other bytes"));
                    }
                    if (!present.isEmpty()) {
                        // Published into the target before with the same tarball: marking it is all that is left.
                        return PromotionStore.copyProperties(s, source, target, paths, rule)
                                .chain(() -> PromotionStore.insertRecord(s, record)).replaceWith((Refusal) null);
                    }
                    return PromotionStore.quotaRefusal(s, source, target, paths, quota).chain(refusal -> refusal != null
                            ? Uni.createFrom().item(refusal)
                            : insertVersion(s, source, target, v, rule)
                                    .chain(() -> PromotionStore.copyProperties(s, source, target, paths, rule))
                                    .chain(() -> tags(s, source, target, v))
                                    .chain(() -> PromotionStore.insertRecord(s, record))
                                    .replaceWith((Refusal) null));
                }));
    }

    private static Uni<Void> insertVersion(Mutiny.Session s, long source, long target, VersionRow v, String rule) {
        return s.createNativeQuery("INSERT INTO component (repository_id, namespace, name) VALUES (:target, :ns, :name) "
                        + "ON CONFLICT (repository_id, namespace, name) DO UPDATE SET name = EXCLUDED.name RETURNING id", Long.class)
                .setParameter("target", target).setParameter("ns", v.namespace()).setParameter("name", v.name())
                .getSingleResult()
                .chain(component -> s.createNativeQuery("INSERT INTO component_version (component_id, version) VALUES "
                                + "(:component, :version) RETURNING id", Long.class)
                        .setParameter("component", component).setParameter("version", v.version())
                        .getSingleResult())
                .chain(version -> s.createNativeQuery("INSERT INTO property (version_id, key, value) VALUES (:version, :key, :value)")
                        .setParameter("version", version).setParameter("key", PackageMetadataStore.MANIFEST)
                        .setParameter("value", v.manifest())
                        .executeUpdate()
                        .chain(() -> s.createNativeQuery("INSERT INTO asset (repository_id, path, blob_sha256, size, content_type, "
                                        + "created_by, version_id) SELECT :target, path, blob_sha256, size, content_type, :actor, "
                                        + ":version FROM asset WHERE repository_id = :source AND path = :path")
                                .setParameter("target", target).setParameter("actor", "promotion:" + rule)
                                .setParameter("version", version).setParameter("source", source).setParameter("path", v.path())
                                .executeUpdate()))
                .replaceWithVoid();
    }

    /** Points the dist-tags {@link NpmDistTags} chooses at the promoted version. */
    private static Uni<Void> tags(Mutiny.Session s, long source, long target, VersionRow v) {
        String scope = v.fullName();
        return s.createNativeQuery("SELECT cv.version FROM component c JOIN component_version cv ON cv.component_id = c.id "
                        + "WHERE c.repository_id = :target AND c.namespace = :ns AND c.name = :name", String.class)
                .setParameter("target", target).setParameter("ns", v.namespace()).setParameter("name", v.name())
                .getResultList()
                .chain(versions -> tagMap(s, target, scope).chain(targetTags -> tagMap(s, source, scope).map(sourceTags -> {
                    Map<String, String> atVersion = new LinkedHashMap<>();
                    sourceTags.forEach((tag, version) -> {
                        if (version.equals(v.version())) {
                            atVersion.put(tag, version);
                        }
                    });
                    return NpmDistTags.afterPromotion(v.version(), versions, targetTags, atVersion.keySet());
                })))
                .chain(chosen -> {
                    Uni<Void> chain = Uni.createFrom().voidItem();
                    for (String tag : chosen) {
                        chain = chain.chain(() -> s.createNativeQuery("INSERT INTO tag (repository_id, scope, name, target, "
                                        + "updated_at) VALUES (:target, :scope, :tag, :version, now()) ON CONFLICT (repository_id, "
                                        + "scope, name) DO UPDATE SET target = EXCLUDED.target, updated_at = now()")
                                .setParameter("target", target).setParameter("scope", scope).setParameter("tag", tag)
                                .setParameter("version", v.version())
                                .executeUpdate().replaceWithVoid());
                    }
                    return chain;
                });
    }

    private static Uni<Map<String, String>> tagMap(Mutiny.Session s, long repository, String scope) {
        return s.createNativeQuery("SELECT name, target FROM tag WHERE repository_id = :repo AND scope = :scope", Object[].class)
                .setParameter("repo", repository).setParameter("scope", scope)
                .getResultList()
                .map(rows -> {
                    Map<String, String> tags = new LinkedHashMap<>();
                    rows.forEach(r -> tags.put((String) r[0], (String) r[1]));
                    return tags;
                });
    }
}
