package io.granary.registry.lifecycle.retention;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import org.hibernate.reactive.mutiny.Mutiny;

/** What retention reads about a repository: its files with the facts the rules need, its tags and OCI manifests. */
@ApplicationScoped
public class RetentionQueries {

    /** The property a PromotionRule sets (value: the rule's name) on what it promoted; retention never deletes those. */
    public static final String PROMOTED_BY = io.granary.registry.metadata.AssetMetadataStore.PROMOTED_BY;
    /** Files read per repository at most, so a run's memory is bounded. */
    static final int MAX_FILES = 1_000_000;

    /** A file with its owning package version (npm) and its name/version properties (PyPI, Helm). */
    record FileRow(String path, long size, Instant createdAt, Instant downloadedAt, String promotedBy,
                   String nameProperty, String versionProperty, String namespace, String component, String version) {
    }

    /**
     * A tag (npm dist-tag or OCI tag): scope is the package or image. A PromotionRule marks a promoted
     * OCI tag as the version (named like the tag) of the component named like the image.
     */
    record TagRow(String scope, String name, String target, Instant updatedAt, String promotedBy) {
    }

    /** An OCI manifest with the facts untagged-manifest and tag deletion need. */
    record ManifestRow(String image, String sha256, long size, Instant createdAt, String subject, String annotations,
                       boolean refsRecorded, boolean referenced, long referencedBytes) {
    }

    private final Mutiny.SessionFactory sessions;

    RetentionQueries(Mutiny.SessionFactory sessions) {
        this.sessions = sessions;
    }

    /** Every file of the repository (up to {@link #MAX_FILES}), in path order. */
    Uni<List<FileRow>> files(long repositoryId, String nameKey, String versionKey) {
        return sessions.withSession(s -> s.createNativeQuery("SELECT a.path, a.size, a.created_at, a.last_downloaded_at, "
                                + "(SELECT p.value FROM property p WHERE p.key = :promoted AND (p.asset_id = a.id "
                                + "OR (a.version_id IS NOT NULL AND p.version_id = a.version_id)) LIMIT 1), "
                                + "(SELECT p.value FROM property p WHERE p.asset_id = a.id AND p.key = :nameKey LIMIT 1), "
                                + "(SELECT p.value FROM property p WHERE p.asset_id = a.id AND p.key = :versionKey LIMIT 1), "
                                + "c.namespace, c.name, v.version FROM asset a LEFT JOIN component_version v ON v.id = a.version_id "
                                + "LEFT JOIN component c ON c.id = v.component_id WHERE a.repository_id = :repo "
                                + "ORDER BY a.path LIMIT :limit", Object[].class)
                .setParameter("promoted", PROMOTED_BY)
                .setParameter("nameKey", nameKey)
                .setParameter("versionKey", versionKey)
                .setParameter("repo", repositoryId)
                .setParameter("limit", MAX_FILES)
                .getResultList()
                .map(rows -> rows.stream().map(r -> new FileRow((String) r[0], ((Number) r[1]).longValue(), instant(r[2]),
                        instant(r[3]), (String) r[4], (String) r[5], (String) r[6], (String) r[7], (String) r[8],
                        (String) r[9])).toList()));
    }

    /** Every tag of the repository. */
    Uni<List<TagRow>> tags(long repositoryId) {
        return sessions.withSession(s -> s.createNativeQuery("SELECT t.scope, t.name, t.target, t.updated_at, "
                                + "(SELECT p.value FROM component c JOIN component_version v ON v.component_id = c.id "
                                + "JOIN property p ON p.version_id = v.id WHERE c.repository_id = t.repository_id "
                                + "AND c.namespace = '' AND c.name = t.scope AND v.version = t.name AND p.key = :promoted LIMIT 1) "
                                + "FROM tag t WHERE t.repository_id = :repo ORDER BY t.scope, t.name", Object[].class)
                .setParameter("repo", repositoryId)
                .setParameter("promoted", PROMOTED_BY)
                .getResultList()
                .map(rows -> rows.stream().map(r -> new TagRow((String) r[0], (String) r[1], ((String) r[2]).strip(),
                        instant(r[3]), (String) r[4])).toList()));
    }

    /** Every OCI manifest of the repository, with whether another manifest (an index) references it. */
    Uni<List<ManifestRow>> manifests(long repositoryId) {
        return sessions.withSession(s -> s.createNativeQuery("SELECT m.image, m.sha256, m.size, m.created_at, m.subject, "
                                + "m.annotations, m.refs_recorded, EXISTS (SELECT 1 FROM oci_manifest_blob r WHERE "
                                + "r.repository_id = m.repository_id AND r.image = m.image AND r.sha256 = m.sha256), "
                                + "(SELECT coalesce(sum(b.size), 0) FROM oci_manifest_blob r JOIN blob b ON b.sha256 = r.sha256 "
                                + "WHERE r.repository_id = m.repository_id AND r.image = m.image AND r.manifest_sha256 = m.sha256) "
                                + "FROM oci_manifest m WHERE m.repository_id = :repo ORDER BY m.image, m.created_at", Object[].class)
                .setParameter("repo", repositoryId)
                .getResultList()
                .map(rows -> rows.stream().map(r -> new ManifestRow((String) r[0], ((String) r[1]).strip(),
                        ((Number) r[2]).longValue(), instant(r[3]), r[4] == null ? null : ((String) r[4]).strip(),
                        (String) r[5], (Boolean) r[6], (Boolean) r[7], ((Number) r[8]).longValue())).toList()));
    }

    /** Whether a tag still points at the manifest or another manifest of the image references it. */
    Uni<Boolean> manifestInUse(long repositoryId, String image, String sha256) {
        return sessions.withSession(s -> s.createNativeQuery("SELECT EXISTS (SELECT 1 FROM tag WHERE repository_id = :repo "
                                + "AND scope = :image AND target = :sha256) OR EXISTS (SELECT 1 FROM oci_manifest_blob WHERE "
                                + "repository_id = :repo AND image = :image AND sha256 = :sha256)", Boolean.class)
                .setParameter("repo", repositoryId)
                .setParameter("image", image)
                .setParameter("sha256", sha256)
                .getSingleResult());
    }

    /** Digests of the manifests whose subject is {@code sha256} (signatures, SBOMs) in the image. */
    Uni<List<String>> referrers(long repositoryId, String image, String sha256) {
        return sessions.withSession(s -> s.createNativeQuery("SELECT sha256 FROM oci_manifest WHERE repository_id = :repo "
                                + "AND image = :image AND subject = :sha256", String.class)
                .setParameter("repo", repositoryId)
                .setParameter("image", image)
                .setParameter("sha256", sha256)
                .getResultList()
                .map(rows -> rows.stream().map(String::strip).toList()));
    }

    private static Instant instant(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof OffsetDateTime odt) {
            return odt.toInstant();
        }
        if (value instanceof java.time.LocalDateTime ldt) {
            return ldt.toInstant(java.time.ZoneOffset.UTC);
        }
        return (Instant) value;
    }
}
