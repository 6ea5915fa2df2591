package io.granary.registry.metadata;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Packages of hosted repositories in PostgreSQL: components, their versions (manifest kept as the
 * version's {@value #MANIFEST} property), the asset each version ships, and tags (scope = the
 * package's full name). Every change holds the repository's lock, so concurrent publishes of one
 * package merge instead of overwriting each other.
 */
@ApplicationScoped
public class PackageMetadataStore {

    /** The property key holding a version's manifest. */
    public static final String MANIFEST = "manifest";

    /** What became of a publish; {@code file} is set when the file was written. */
    public record PublishOutcome(Result result, AssetWriteOutcome file) {
        /** The possible results. */
        public enum Result { PUBLISHED, VERSION_EXISTS, QUOTA_EXCEEDED }
    }

    private final Mutiny.SessionFactory sessions;
    private final BlobPresence presence;

    PackageMetadataStore(Mutiny.SessionFactory sessions, BlobPresence presence) {
        this.sessions = sessions;
        this.presence = presence;
    }

    /**
     * The package with its versions (in publish order) and tags, or null when it has no version.
     * Two queries: this is the read behind every packument npm install fetches.
     */
    public Uni<StoredPackage> find(long repositoryId, String namespace, String name) {
        return sessions.withSession(s -> s.createSelectionQuery("select c, v, p.value from ComponentRecord c, "
                                + "ComponentVersionRecord v, PropertyRecord p where v.componentId = c.id and p.versionId = v.id "
                                + "and p.key = :key and c.repositoryId = :repo and c.namespace = :ns and c.name = :name "
                                + "order by v.id", Object[].class)
                .setParameter("key", MANIFEST)
                .setParameter("repo", repositoryId)
                .setParameter("ns", namespace)
                .setParameter("name", name)
                .getResultList()
                .chain(rows -> rows.isEmpty() ? Uni.createFrom().<StoredPackage>nullItem()
                        : s.createSelectionQuery("from TagRecord where repositoryId = :repo and scope = :scope "
                                        + "order by name", TagRecord.class)
                                .setParameter("repo", repositoryId)
                                .setParameter("scope", scope(namespace, name))
                                .getResultList()
                                .map(tags -> assemble((ComponentRecord) rows.get(0)[0], rows, tags))));
    }

    private static StoredPackage assemble(ComponentRecord component, List<Object[]> rows, List<TagRecord> tagRows) {
        List<StoredPackageVersion> versions = new ArrayList<>(rows.size());
        Instant modified = component.createdAt;
        for (Object[] row : rows) {
            ComponentVersionRecord v = (ComponentVersionRecord) row[1];
            versions.add(new StoredPackageVersion(v.id, v.version, (String) row[2], v.createdAt));
            modified = later(modified, v.createdAt);
        }
        Map<String, String> tags = new LinkedHashMap<>();
        for (TagRecord tag : tagRows) {
            tags.put(tag.name, tag.target);
            modified = later(modified, tag.updatedAt);
        }
        return new StoredPackage(component.id, component.namespace, component.name, component.createdAt, modified,
                List.copyOf(versions), Map.copyOf(tags));
    }

    /**
     * Publishes a version with its file and tags. Refused (nothing written) when the version exists
     * or the file would exceed the repository's quota.
     */
    public Uni<PublishOutcome> publish(PackagePublish publish) {
        long repo = publish.repositoryId();
        return sessions.withTransaction(s -> AssetMetadataStore.lockRepository(s, repo)
                .chain(() -> s.createNativeQuery("INSERT INTO component (repository_id, namespace, name) "
                                + "VALUES (:repo, :ns, :name) ON CONFLICT (repository_id, namespace, name) "
                                + "DO UPDATE SET name = EXCLUDED.name RETURNING id", Long.class)
                        .setParameter("repo", repo)
                        .setParameter("ns", publish.namespace())
                        .setParameter("name", publish.name())
                        .getSingleResult())
                .chain(componentId -> s.createSelectionQuery("select count(v) from ComponentVersionRecord v "
                                + "where v.componentId = :component and v.version = :version", Long.class)
                        .setParameter("component", componentId)
                        .setParameter("version", publish.version())
                        .getSingleResult()
                        .chain(count -> count > 0
                                ? refuse(s, new PublishOutcome(PublishOutcome.Result.VERSION_EXISTS, null))
                                : writeVersion(s, publish, componentId, presence))));
    }

    private static Uni<PublishOutcome> writeVersion(Mutiny.Session s, PackagePublish publish, long componentId,
                                                    BlobPresence presence) {
        return AssetMetadataStore.writeLocked(s, publish.file(), presence).chain(file -> switch (file.result()) {
            // A refused first publish must not leave an empty component behind.
            case IMMUTABLE, REPLACED -> refuse(s, new PublishOutcome(PublishOutcome.Result.VERSION_EXISTS, file));
            case QUOTA_EXCEEDED -> refuse(s, new PublishOutcome(PublishOutcome.Result.QUOTA_EXCEEDED, file));
            case CREATED -> s.createNativeQuery("INSERT INTO component_version (component_id, version) "
                            + "VALUES (:component, :version) RETURNING id", Long.class)
                    .setParameter("component", componentId)
                    .setParameter("version", publish.version())
                    .getSingleResult()
                    .chain(versionId -> s.createNativeQuery("INSERT INTO property (version_id, key, value) "
                                    + "VALUES (:version, :key, :value)")
                            .setParameter("version", versionId)
                            .setParameter("key", MANIFEST)
                            .setParameter("value", publish.manifest())
                            .executeUpdate()
                            .chain(() -> s.createNativeQuery("UPDATE asset SET version_id = :version WHERE id = :id")
                                    .setParameter("version", versionId)
                                    .setParameter("id", file.asset().id())
                                    .executeUpdate()))
                    .chain(() -> setTags(s, publish.repositoryId(), scope(publish.namespace(), publish.name()),
                            publish.tags()))
                    .replaceWith(new PublishOutcome(PublishOutcome.Result.PUBLISHED, file));
        });
    }

    private static Uni<PublishOutcome> refuse(Mutiny.Session s, PublishOutcome outcome) {
        s.currentTransaction().markForRollback();
        return Uni.createFrom().item(outcome);
    }

    /**
     * Applies a revision in one transaction. Returns the paths of the files of removed versions
     * (their bytes stay until garbage collection), or null when the package does not exist.
     */
    public Uni<List<String>> revise(PackageRevision revision) {
        long repo = revision.repositoryId();
        String scope = scope(revision.namespace(), revision.name());
        return sessions.withTransaction(s -> AssetMetadataStore.lockRepository(s, repo)
                .chain(() -> component(s, repo, revision.namespace(), revision.name()))
                .chain(component -> {
                    if (component == null) {
                        return Uni.createFrom().nullItem();
                    }
                    Uni<Void> chain = Uni.createFrom().voidItem();
                    for (var change : revision.manifests().entrySet()) {
                        chain = chain.chain(() -> s.createNativeQuery("UPDATE property SET value = :value "
                                        + "WHERE key = :key AND version_id = (SELECT id FROM component_version "
                                        + "WHERE component_id = :component AND version = :version)")
                                .setParameter("value", change.getValue())
                                .setParameter("key", MANIFEST)
                                .setParameter("component", component.id)
                                .setParameter("version", change.getKey())
                                .executeUpdate()
                                .replaceWithVoid());
                    }
                    Uni<List<String>> removed = revision.removedVersions().isEmpty()
                            ? chain.replaceWith(List.<String>of())
                            : chain.chain(() -> refuseIfPromoted(s, component.id, revision.removedVersions()))
                                    .chain(() -> removeVersions(s, repo, component.id, scope, revision.removedVersions()));
                    return removed.call(() -> setTags(s, repo, scope, revision.tags()))
                            .call(() -> removeTags(s, repo, scope, revision.removedTags()));
                }));
    }

    /** Removes the package, its versions, files and tags; returns the removed files' paths or null. */
    public Uni<List<String>> remove(long repositoryId, String namespace, String name) {
        String scope = scope(namespace, name);
        return sessions.withTransaction(s -> AssetMetadataStore.lockRepository(s, repositoryId)
                .chain(() -> component(s, repositoryId, namespace, name))
                .chain(component -> {
                    if (component == null) {
                        return Uni.createFrom().nullItem();
                    }
                    return refuseIfPromoted(s, component.id, null).chain(() -> s.createNativeQuery(
                                    "DELETE FROM asset WHERE repository_id = :repo AND version_id IN "
                                    + "(SELECT id FROM component_version WHERE component_id = :component) RETURNING path",
                                    String.class)
                            .setParameter("repo", repositoryId)
                            .setParameter("component", component.id)
                            .getResultList()
                            .call(() -> s.createNativeQuery("DELETE FROM tag WHERE repository_id = :repo AND scope = :scope")
                                    .setParameter("repo", repositoryId)
                                    .setParameter("scope", scope)
                                    .executeUpdate())
                            .call(() -> s.createNativeQuery("DELETE FROM component WHERE id = :id")
                                    .setParameter("id", component.id)
                                    .executeUpdate()));
                }));
    }

    /**
     * Fails with {@link PromotedVersionException} when one of {@code versions} (every version when
     * null) of the component, or a file of it, carries a PromotionRule's marker: promoted content is
     * never removed.
     */
    private static Uni<Void> refuseIfPromoted(Mutiny.Session s, long componentId, Set<String> versions) {
        // Promotion marks the copied files (npm tarballs); a version-level mark counts as well.
        var query = s.createNativeQuery("SELECT v.version, p.value FROM component_version v LEFT JOIN asset a ON "
                        + "a.version_id = v.id JOIN property p ON p.key = :marker AND (p.version_id = v.id OR "
                        + "p.asset_id = a.id) WHERE v.component_id = :component "
                        + (versions == null ? "" : "AND v.version = ANY(:versions) ") + "ORDER BY v.id LIMIT 1",
                        Object[].class)
                .setParameter("marker", AssetMetadataStore.PROMOTED_BY)
                .setParameter("component", componentId);
        if (versions != null) {
            query.setParameter("versions", versions.toArray(String[]::new));
        }
        return query.getResultList()
                .chain(rows -> rows.isEmpty() ? Uni.createFrom().voidItem()
                        : Uni.createFrom().failure(new PromotedVersionException((String) rows.get(0)[0],
                                (String) rows.get(0)[1])));
    }

    private static Uni<List<String>> removeVersions(Mutiny.Session s, long repo, long componentId, String scope,
                                                    Set<String> versions) {
        List<String> list = List.copyOf(versions);
        return s.createNativeQuery("DELETE FROM asset WHERE repository_id = :repo AND version_id IN "
                        + "(SELECT id FROM component_version WHERE component_id = :component AND version = ANY(:versions)) "
                        + "RETURNING path", String.class)
                .setParameter("repo", repo)
                .setParameter("component", componentId)
                .setParameter("versions", list.toArray(String[]::new))
                .getResultList()
                .call(() -> s.createNativeQuery("DELETE FROM component_version WHERE component_id = :component "
                                + "AND version = ANY(:versions)")
                        .setParameter("component", componentId)
                        .setParameter("versions", list.toArray(String[]::new))
                        .executeUpdate())
                .call(() -> s.createNativeQuery("DELETE FROM tag WHERE repository_id = :repo AND scope = :scope "
                                + "AND target = ANY(:versions)")
                        .setParameter("repo", repo)
                        .setParameter("scope", scope)
                        .setParameter("versions", list.toArray(String[]::new))
                        .executeUpdate());
    }

    /** Points a tag at an existing version; false when the package or version does not exist. */
    public Uni<Boolean> setTag(long repositoryId, String namespace, String name, String tag, String version) {
        return sessions.withTransaction(s -> s.createNativeQuery("INSERT INTO tag (repository_id, scope, name, target, updated_at) "
                        + "SELECT :repo, :scope, :tag, v.version, now() FROM component c JOIN component_version v "
                        + "ON v.component_id = c.id WHERE c.repository_id = :repo AND c.namespace = :ns AND c.name = :name "
                        + "AND v.version = :version ON CONFLICT (repository_id, scope, name) "
                        + "DO UPDATE SET target = EXCLUDED.target, updated_at = now()")
                .setParameter("repo", repositoryId)
                .setParameter("scope", scope(namespace, name))
                .setParameter("tag", tag)
                .setParameter("ns", namespace)
                .setParameter("name", name)
                .setParameter("version", version)
                .executeUpdate()
                .map(rows -> rows > 0));
    }

    /** Removes a tag; false when it did not exist. */
    public Uni<Boolean> removeTag(long repositoryId, String namespace, String name, String tag) {
        return sessions.withTransaction(s -> s.createNativeQuery("DELETE FROM tag WHERE repository_id = :repo "
                        + "AND scope = :scope AND name = :tag")
                .setParameter("repo", repositoryId)
                .setParameter("scope", scope(namespace, name))
                .setParameter("tag", tag)
                .executeUpdate()
                .map(rows -> rows > 0));
    }

    private static Uni<Void> setTags(Mutiny.Session s, long repo, String scope, Map<String, String> tags) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (var tag : tags.entrySet()) {
            chain = chain.chain(() -> s.createNativeQuery("INSERT INTO tag (repository_id, scope, name, target, updated_at) "
                            + "VALUES (:repo, :scope, :tag, :target, now()) ON CONFLICT (repository_id, scope, name) "
                            + "DO UPDATE SET target = EXCLUDED.target, updated_at = now()")
                    .setParameter("repo", repo)
                    .setParameter("scope", scope)
                    .setParameter("tag", tag.getKey())
                    .setParameter("target", tag.getValue())
                    .executeUpdate()
                    .replaceWithVoid());
        }
        return chain;
    }

    private static Uni<Void> removeTags(Mutiny.Session s, long repo, String scope, Set<String> tags) {
        if (tags.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return s.createNativeQuery("DELETE FROM tag WHERE repository_id = :repo AND scope = :scope AND name = ANY(:tags)")
                .setParameter("repo", repo)
                .setParameter("scope", scope)
                .setParameter("tags", tags.toArray(String[]::new))
                .executeUpdate()
                .replaceWithVoid();
    }

    private static Uni<ComponentRecord> component(Mutiny.Session s, long repositoryId, String namespace, String name) {
        return s.createSelectionQuery("from ComponentRecord where repositoryId = :repo and namespace = :ns and name = :name",
                        ComponentRecord.class)
                .setParameter("repo", repositoryId)
                .setParameter("ns", namespace)
                .setParameter("name", name)
                .getSingleResultOrNull();
    }

    /** The tag scope of a package: its full name, namespace first. */
    static String scope(String namespace, String name) {
        return namespace.isEmpty() ? name : namespace + "/" + name;
    }

    private static Instant later(Instant a, Instant b) {
        return b != null && (a == null || b.isAfter(a)) ? b : a;
    }
}
