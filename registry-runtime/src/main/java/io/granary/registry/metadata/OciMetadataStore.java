package io.granary.registry.metadata;

import io.granary.registry.storage.ChecksumAlgorithm;
import io.granary.registry.storage.CommittedBlob;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Rows of OCI images in PostgreSQL: which blobs belong to an image, its manifests (with what the
 * referrers API needs) and its tags. Digests are stored as lowercase sha256 hex; a sha512 digest
 * is resolved through the blob table's sha512 column.
 */
@ApplicationScoped
public class OciMetadataStore {

    /**
     * A manifest row. {@code digest} is the digest it was pushed under ({@code sha256:} or
     * {@code sha512:}), {@code subject} a digest too; {@code subject} and {@code artifactType} may be
     * null; annotations are JSON or null.
     */
    public record ManifestRow(String sha256, String digest, String mediaType, long size, String subject,
                              String artifactType, String annotations) {
    }

    /** The result of pointing a tag at a manifest. */
    public enum PutOutcome { STORED, TAG_IMMUTABLE }

    private static final String SHA256 = "sha256:";
    private static final String SHA512 = "sha512:";
    /**
     * Upserts the blob row, clears any garbage-collection mark and records a sha512 computed for a blob
     * known without one; answers whether the row existed unmarked before (otherwise the writer checks
     * the bytes are still stored).
     */
    private static final String UPSERT_BLOB = "WITH prior AS (SELECT unreferenced_since IS NULL AS live FROM blob "
            + "WHERE sha256 = :sha256 FOR UPDATE), up AS (INSERT INTO blob (sha256, size, sha512) "
            + "VALUES (:sha256, :size, :sha512) ON CONFLICT (sha256) DO UPDATE SET unreferenced_since = NULL, "
            + "sha512 = COALESCE(blob.sha512, EXCLUDED.sha512) RETURNING 1) "
            + "SELECT COALESCE((SELECT live FROM prior), false) FROM up";

    /**
     * Claims the blobs a manifest references: locks their rows and clears garbage-collection marks,
     * answering each found digest with whether it was unmarked. A digest missing from the answer was
     * swept after the handler checked it.
     */
    private static final String CLAIM_REFERENCES = "WITH prior AS (SELECT sha256, unreferenced_since IS NULL AS live "
            + "FROM blob WHERE sha256 IN (:digests) FOR UPDATE), up AS (UPDATE blob SET unreferenced_since = NULL "
            + "WHERE sha256 IN (SELECT sha256 FROM prior) AND unreferenced_since IS NOT NULL) SELECT sha256, live FROM prior";
    /** What an OCI repository holds: each distinct blob and manifest of any of its images, counted once. */
    private static final String USAGE = "SELECT count(*), COALESCE(sum(b.size), 0) FROM blob b WHERE b.sha256 IN "
            + "(SELECT sha256 FROM oci_blob_link WHERE repository_id = :repo "
            + "UNION SELECT sha256 FROM oci_manifest WHERE repository_id = :repo)";
    private static final String HOLDS = "SELECT EXISTS (SELECT 1 FROM oci_blob_link WHERE repository_id = :repo "
            + "AND sha256 = :sha256) OR EXISTS (SELECT 1 FROM oci_manifest WHERE repository_id = :repo AND sha256 = :sha256)";
    private static final String MANIFEST_COLUMNS = "sha256, COALESCE(digest, 'sha256:' || sha256), media_type, size, "
            + "COALESCE('sha256:' || subject, 'sha512:' || subject_sha512), artifact_type, annotations";

    private final Mutiny.SessionFactory sessions;
    private final BlobPresence presence;

    OciMetadataStore(Mutiny.SessionFactory sessions, BlobPresence presence) {
        this.sessions = sessions;
        this.presence = presence;
    }

    private Uni<Void> upsertBlob(Mutiny.Session s, long repositoryId, String sha256, long size, String sha512) {
        return s.createNativeQuery(UPSERT_BLOB, Boolean.class)
                .setParameter("sha256", sha256)
                .setParameter("size", size)
                .setParameter("sha512", sha512)
                .getSingleResult()
                .chain(live -> live ? Uni.createFrom().voidItem() : presence.require(repositoryId, sha256));
    }

    /** Claims the referenced blobs (see {@link #CLAIM_REFERENCES}); fails when one was swept meanwhile. */
    private Uni<Void> claimReferences(Mutiny.Session s, long repositoryId, Collection<String> references) {
        if (references.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return s.createNativeQuery(CLAIM_REFERENCES, Object[].class)
                .setParameter("digests", List.copyOf(references))
                .getResultList()
                .chain(rows -> {
                    java.util.Set<String> found = new java.util.HashSet<>();
                    Uni<Void> checks = Uni.createFrom().voidItem();
                    for (Object[] row : rows) {
                        String sha256 = ((String) row[0]).strip();
                        found.add(sha256);
                        if (!(Boolean) row[1]) {
                            checks = checks.call(() -> presence.require(repositoryId, sha256));
                        }
                    }
                    for (String reference : references) {
                        if (!found.contains(reference)) {
                            return Uni.createFrom().failure(new BlobSweptException(reference));
                        }
                    }
                    return checks;
                });
    }

    /** Blobs and manifests an OCI repository holds, and their bytes, each distinct digest once. */
    public Uni<RepositoryUsage> usage(long repositoryId) {
        return sessions.withSession(s -> usage(s, repositoryId));
    }

    private static Uni<RepositoryUsage> usage(Mutiny.Session s, long repositoryId) {
        return s.createNativeQuery(USAGE, Object[].class)
                .setParameter("repo", repositoryId)
                .getSingleResult()
                .map(row -> new RepositoryUsage(((Number) row[0]).longValue(), ((Number) row[1]).longValue()));
    }

    /**
     * Fails with {@link QuotaExceededException} when adding a digest the repository does not hold yet
     * would take it past the quota. Takes the repository's lock first (the one asset writes take), so
     * two racing pushes cannot both pass with the same headroom; a digest already held adds nothing.
     */
    private static Uni<Void> checkQuota(Mutiny.Session s, long repositoryId, String sha256, long size,
                                        OptionalLong quota) {
        if (quota.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return AssetMetadataStore.lockRepository(s, repositoryId)
                .chain(() -> s.createNativeQuery(HOLDS, Boolean.class)
                        .setParameter("repo", repositoryId)
                        .setParameter("sha256", sha256)
                        .getSingleResult())
                .chain(held -> held ? Uni.createFrom().voidItem() : usage(s, repositoryId).chain(usage ->
                        usage.bytes() + size > quota.getAsLong()
                                ? Uni.createFrom().failure(new QuotaExceededException(quota.getAsLong(), usage.bytes(), size))
                                : Uni.createFrom().voidItem()));
    }

    /** Makes a committed blob part of an image, within the repository's quota (if it has one). */
    public Uni<Void> linkBlob(long repositoryId, String image, CommittedBlob blob, OptionalLong quota) {
        return sessions.withTransaction(s -> checkQuota(s, repositoryId, blob.sha256(), blob.size(), quota)
                .chain(() -> upsertBlob(s, repositoryId, blob.sha256(), blob.size(),
                        blob.checksums().get(ChecksumAlgorithm.SHA512).orElse(null)))
                .chain(() -> s.createNativeQuery("INSERT INTO oci_blob_link (repository_id, image, sha256) "
                                + "VALUES (:repo, :image, :sha256) ON CONFLICT DO NOTHING")
                        .setParameter("repo", repositoryId)
                        .setParameter("image", image)
                        .setParameter("sha256", blob.sha256())
                        .executeUpdate())
                .replaceWithVoid());
    }

    /** Size of a blob linked to the image, or null when it is not part of it. */
    public Uni<Long> linkedBlobSize(long repositoryId, String image, String sha256) {
        return sessions.withSession(s -> s.createNativeQuery("SELECT b.size FROM oci_blob_link l JOIN blob b "
                                + "ON b.sha256 = l.sha256 WHERE l.repository_id = :repo AND l.image = :image "
                                + "AND l.sha256 = :sha256", Long.class)
                .setParameter("repo", repositoryId)
                .setParameter("image", image)
                .setParameter("sha256", sha256)
                .getResultList()
                .map(rows -> rows.isEmpty() ? null : rows.get(0)));
    }

    /** Size of a blob linked to any image of the repository, or null. */
    public Uni<Long> blobSizeInRepository(long repositoryId, String sha256) {
        return sessions.withSession(s -> s.createNativeQuery("SELECT b.size FROM oci_blob_link l JOIN blob b "
                                + "ON b.sha256 = l.sha256 WHERE l.repository_id = :repo AND l.sha256 = :sha256 LIMIT 1",
                        Long.class)
                .setParameter("repo", repositoryId)
                .setParameter("sha256", sha256)
                .getResultList()
                .map(rows -> rows.isEmpty() ? null : rows.get(0)));
    }

    /** Removes a blob from an image; false when it was not linked. The bytes stay until GC. */
    public Uni<Boolean> unlinkBlob(long repositoryId, String image, String sha256) {
        return sessions.withTransaction(s -> s.createNativeQuery("DELETE FROM oci_blob_link WHERE repository_id = :repo "
                        + "AND image = :image AND sha256 = :sha256")
                .setParameter("repo", repositoryId)
                .setParameter("image", image)
                .setParameter("sha256", sha256)
                .executeUpdate()
                .map(n -> n > 0));
    }

    /** Those of the digests that are neither linked blobs nor manifests of the image. */
    public Uni<List<String>> missing(long repositoryId, String image, Collection<String> sha256s) {
        if (sha256s.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return sessions.withSession(s -> s.createNativeQuery("SELECT sha256 FROM oci_blob_link WHERE repository_id = :repo "
                                + "AND image = :image AND sha256 IN (:digests) UNION SELECT sha256 FROM oci_manifest "
                                + "WHERE repository_id = :repo AND image = :image AND sha256 IN (:digests)", String.class)
                .setParameter("repo", repositoryId)
                .setParameter("image", image)
                .setParameter("digests", List.copyOf(sha256s))
                .getResultList()
                .map(found -> {
                    List<String> absent = new ArrayList<>();
                    for (String d : sha256s) {
                        if (!found.contains(d) && !absent.contains(d)) {
                            absent.add(d);
                        }
                    }
                    return absent;
                }));
    }

    /**
     * Stores a manifest (its bytes are already a committed blob) with the blobs and child manifests it
     * references and, when {@code tag} is set, points the tag at it. An immutable tag that already
     * points elsewhere is left alone.
     */
    public Uni<PutOutcome> putManifest(long repositoryId, String image, ManifestRow row, Collection<String> references,
                                       String tag, boolean tagImmutable, String actor, OptionalLong quota) {
        return sessions.withTransaction(s -> checkQuota(s, repositoryId, row.sha256(), row.size(), quota)
                .chain(() -> upsertBlob(s, repositoryId, row.sha256(), row.size(), hexOf(row.digest(), SHA512)))
                .chain(() -> claimReferences(s, repositoryId, references))
                .chain(() -> tag == null
                        ? Uni.createFrom().item((String) null)
                        // A tag a PromotionRule promoted never moves, whatever the repository declares.
                        : s.createNativeQuery("SELECT t.target FROM tag t WHERE t.repository_id = :repo AND t.scope = :image "
                                        + "AND t.name = :tag AND (:immutable OR EXISTS (SELECT 1 FROM component c JOIN "
                                        + "component_version v ON v.component_id = c.id JOIN property p ON p.version_id = v.id "
                                        + "WHERE c.repository_id = t.repository_id AND c.namespace = '' AND c.name = t.scope "
                                        + "AND v.version = t.name AND p.key = :marker)) FOR UPDATE OF t", String.class)
                                .setParameter("repo", repositoryId)
                                .setParameter("image", image)
                                .setParameter("tag", tag)
                                .setParameter("immutable", tagImmutable)
                                .setParameter("marker", AssetMetadataStore.PROMOTED_BY)
                                .getResultList()
                                .map(rows -> rows.isEmpty() ? null : rows.get(0)))
                .chain(current -> {
                    if (current != null && !current.equals(row.sha256())) {
                        return Uni.createFrom().item(PutOutcome.TAG_IMMUTABLE);
                    }
                    return s.createNativeQuery("INSERT INTO oci_manifest (repository_id, image, sha256, digest, media_type, "
                                    + "size, subject, subject_sha512, artifact_type, annotations, created_by, refs_recorded) "
                                    + "VALUES (:repo, :image, :sha256, :digest, :mediaType, :size, :subject, :subjectSha512, "
                                    + ":artifactType, :annotations, :actor, true) ON CONFLICT DO NOTHING")
                            .setParameter("repo", repositoryId)
                            .setParameter("image", image)
                            .setParameter("sha256", row.sha256())
                            .setParameter("digest", row.digest().startsWith(SHA256) ? null : row.digest())
                            .setParameter("mediaType", row.mediaType())
                            .setParameter("size", row.size())
                            .setParameter("subject", hexOf(row.subject(), SHA256))
                            .setParameter("subjectSha512", hexOf(row.subject(), SHA512))
                            .setParameter("artifactType", row.artifactType())
                            .setParameter("annotations", row.annotations())
                            .setParameter("actor", actor)
                            .executeUpdate()
                            .chain(() -> recordReferences(s, repositoryId, image, row.sha256(), references))
                            .chain(() -> tag == null ? Uni.createFrom().item(0) : s.createNativeQuery(
                                            "INSERT INTO tag (repository_id, scope, name, target) VALUES (:repo, :image, :tag, "
                                                    + ":sha256) ON CONFLICT (repository_id, scope, name) DO UPDATE SET "
                                                    + "target = EXCLUDED.target, updated_at = now()")
                                    .setParameter("repo", repositoryId)
                                    .setParameter("image", image)
                                    .setParameter("tag", tag)
                                    .setParameter("sha256", row.sha256())
                                    .executeUpdate())
                            .replaceWith(PutOutcome.STORED);
                }));
    }

    private static Uni<Integer> recordReferences(Mutiny.Session s, long repositoryId, String image, String manifest,
                                                 Collection<String> references) {
        if (references.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        return s.createNativeQuery("INSERT INTO oci_manifest_blob (repository_id, image, manifest_sha256, sha256) "
                        + "SELECT :repo, :image, :manifest, d FROM unnest(cast(:digests AS text[])) AS d ON CONFLICT DO NOTHING")
                .setParameter("repo", repositoryId)
                .setParameter("image", image)
                .setParameter("manifest", manifest)
                .setParameter("digests", references.toArray(String[]::new))
                .executeUpdate();
    }

    /** The manifest with that digest in the image, or null. */
    public Uni<ManifestRow> findManifest(long repositoryId, String image, String sha256) {
        return sessions.withSession(s -> s.createNativeQuery("SELECT " + MANIFEST_COLUMNS
                                + " FROM oci_manifest WHERE repository_id = :repo AND image = :image "
                                + "AND sha256 = :sha256", Object[].class)
                .setParameter("repo", repositoryId)
                .setParameter("image", image)
                .setParameter("sha256", sha256)
                .getResultList()
                .map(rows -> rows.isEmpty() ? null : toRow(rows.get(0))));
    }

    /** The manifest a tag points at, or null. */
    public Uni<ManifestRow> findTagged(long repositoryId, String image, String tag) {
        return sessions.withSession(s -> s.createNativeQuery("SELECT " + MANIFEST_COLUMNS
                                + " FROM tag t JOIN oci_manifest m ON m.repository_id = "
                                + "t.repository_id AND m.image = t.scope AND m.sha256 = t.target WHERE t.repository_id = :repo "
                                + "AND t.scope = :image AND t.name = :tag", Object[].class)
                .setParameter("repo", repositoryId)
                .setParameter("image", image)
                .setParameter("tag", tag)
                .getResultList()
                .map(rows -> rows.isEmpty() ? null : toRow(rows.get(0))));
    }

    /** Deletes a manifest and every tag pointing at it; false when there was no such manifest. */
    public Uni<Boolean> deleteManifest(long repositoryId, String image, String sha256) {
        return sessions.withTransaction(s -> s.createNativeQuery("DELETE FROM tag WHERE repository_id = :repo "
                        + "AND scope = :image AND target = :sha256")
                .setParameter("repo", repositoryId)
                .setParameter("image", image)
                .setParameter("sha256", sha256)
                .executeUpdate()
                .chain(() -> s.createNativeQuery("DELETE FROM oci_manifest WHERE repository_id = :repo "
                                + "AND image = :image AND sha256 = :sha256")
                        .setParameter("repo", repositoryId)
                        .setParameter("image", image)
                        .setParameter("sha256", sha256)
                        .executeUpdate())
                .map(n -> n > 0));
    }

    /** Deletes a tag (the manifest stays); false when there was no such tag. */
    public Uni<Boolean> deleteTag(long repositoryId, String image, String tag) {
        return sessions.withTransaction(s -> s.createNativeQuery("DELETE FROM tag WHERE repository_id = :repo "
                        + "AND scope = :image AND name = :tag")
                .setParameter("repo", repositoryId)
                .setParameter("image", image)
                .setParameter("tag", tag)
                .executeUpdate()
                .map(n -> n > 0));
    }

    /** Tags of the image after {@code last} (byte order, as Go's sort.Strings), at most {@code limit}. */
    public Uni<List<String>> tags(long repositoryId, String image, String last, int limit) {
        return sessions.withSession(s -> s.createNativeQuery("SELECT name FROM tag WHERE repository_id = :repo "
                                + "AND scope = :image AND name COLLATE \"C\" > :last ORDER BY name COLLATE \"C\" LIMIT :limit",
                        String.class)
                .setParameter("repo", repositoryId)
                .setParameter("image", image)
                .setParameter("last", last == null ? "" : last)
                .setParameter("limit", limit)
                .getResultList());
    }

    /** Whether the image holds anything at all (a manifest, a tag or a blob). */
    public Uni<Boolean> imageExists(long repositoryId, String image) {
        return sessions.withSession(s -> s.createNativeQuery("SELECT EXISTS (SELECT 1 FROM oci_manifest WHERE "
                                + "repository_id = :repo AND image = :image) OR EXISTS (SELECT 1 FROM oci_blob_link WHERE "
                                + "repository_id = :repo AND image = :image)", Boolean.class)
                .setParameter("repo", repositoryId)
                .setParameter("image", image)
                .getSingleResult());
    }

    /** Manifests of the image whose subject is {@code subject} (a digest), optionally of one artifact type. */
    public Uni<List<ManifestRow>> referrers(long repositoryId, String image, String subject, String artifactType) {
        String column = subject.startsWith(SHA512) ? "subject_sha512" : "subject";
        String filter = artifactType == null ? "" : " AND artifact_type = :artifactType";
        return sessions.withSession(s -> {
            var query = s.createNativeQuery("SELECT " + MANIFEST_COLUMNS + " FROM oci_manifest WHERE repository_id = "
                            + ":repo AND image = :image AND " + column + " = :subject" + filter
                            + " ORDER BY created_at, sha256 LIMIT 1000", Object[].class)
                    .setParameter("repo", repositoryId)
                    .setParameter("image", image)
                    .setParameter("subject", subject.substring(subject.indexOf(':') + 1));
            if (artifactType != null) {
                query.setParameter("artifactType", artifactType);
            }
            return query.getResultList().map(rows -> rows.stream().map(OciMetadataStore::toRow).toList());
        });
    }

    /** The sha256 of the blob whose sha512 is {@code sha512}, among blobs hashed with sha512, or null. */
    public Uni<String> sha256OfSha512(String sha512) {
        return sha256sOfSha512s(List.of(sha512)).map(found -> found.get(sha512));
    }

    /** The sha256 of each blob whose sha512 is among {@code sha512s} (unknown ones are left out). */
    public Uni<Map<String, String>> sha256sOfSha512s(Collection<String> sha512s) {
        if (sha512s.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return sessions.withSession(s -> s.createNativeQuery("SELECT sha512, sha256 FROM blob WHERE sha512 IN (:digests)",
                        Object[].class)
                .setParameter("digests", List.copyOf(sha512s))
                .getResultList()
                .map(rows -> {
                    Map<String, String> found = new HashMap<>();
                    rows.forEach(r -> found.put(((String) r[0]).strip(), ((String) r[1]).strip()));
                    return found;
                }));
    }

    /** Full names ({@code repository/image}) of images in the given repositories after {@code last}. */
    public Uni<List<String>> catalog(Collection<String> repositories, String last, int limit) {
        if (repositories.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return sessions.withSession(s -> s.createNativeQuery("SELECT n FROM (SELECT DISTINCT r.name || '/' || m.image "
                                + "AS n FROM oci_manifest m JOIN repository r ON r.id = m.repository_id WHERE r.name IN "
                                + "(:repos)) names WHERE n COLLATE \"C\" > :last ORDER BY n COLLATE \"C\" LIMIT :limit",
                        String.class)
                .setParameter("repos", List.copyOf(repositories))
                .setParameter("last", last == null ? "" : last)
                .setParameter("limit", limit)
                .getResultList());
    }

    /** Records the blob an upload session received whole; false when the session already had one. */
    public Uni<Boolean> recordStreamedBlob(String sessionId, String sha256, long size) {
        return sessions.withTransaction(s -> s.createNativeQuery("INSERT INTO oci_upload_blob (session_id, sha256, size) "
                        + "VALUES (:id, :sha256, :size) ON CONFLICT DO NOTHING")
                .setParameter("id", sessionId)
                .setParameter("sha256", sha256)
                .setParameter("size", size)
                .executeUpdate()
                .map(n -> n > 0));
    }

    /** The blob an upload session received whole, as {sha256, size}, or null. */
    public Uni<Object[]> streamedBlob(String sessionId) {
        return sessions.withSession(s -> s.createNativeQuery("SELECT sha256, size FROM oci_upload_blob "
                        + "WHERE session_id = :id", Object[].class)
                .setParameter("id", sessionId)
                .getResultList()
                .map(rows -> rows.isEmpty() ? null : rows.get(0)));
    }

    /** Forgets the streamed blob of a session (its bytes became an ordinary chunk). */
    public Uni<Void> forgetStreamedBlob(String sessionId) {
        return sessions.withTransaction(s -> s.createNativeQuery("DELETE FROM oci_upload_blob WHERE session_id = :id")
                .setParameter("id", sessionId)
                .executeUpdate()
                .replaceWithVoid());
    }

    /** The token signing secret shared by every replica; the first caller creates it. */
    public Uni<String> signingSecret(String candidate) {
        return sessions.withTransaction(s -> s.createNativeQuery("INSERT INTO oci_signing_key (id, secret) "
                        + "VALUES (1, :secret) ON CONFLICT (id) DO NOTHING")
                .setParameter("secret", candidate)
                .executeUpdate()
                .chain(() -> s.createNativeQuery("SELECT secret FROM oci_signing_key WHERE id = 1", String.class)
                        .getSingleResult()));
    }

    private static ManifestRow toRow(Object[] r) {
        return new ManifestRow(((String) r[0]).strip(), (String) r[1], (String) r[2], ((Number) r[3]).longValue(),
                (String) r[4], (String) r[5], (String) r[6]);
    }

    /** The hex part of {@code digest} when it has the given algorithm prefix, else null. */
    private static String hexOf(String digest, String prefix) {
        return digest != null && digest.startsWith(prefix) ? digest.substring(prefix.length()) : null;
    }
}
