package io.granary.registry.metadata;

import io.granary.registry.storage.ChecksumAlgorithm;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.hibernate.reactive.mutiny.Mutiny;

/** Reads and writes asset rows (and the blob rows they reference) in PostgreSQL. */
@ApplicationScoped
public class AssetMetadataStore {

    /** Rows fetched per asset at most when listing with properties (formats keep a handful each). */
    private static final int LABEL_ROWS_PER_ASSET = 8;

    /**
     * Upserts the blob row and clears any garbage-collection mark; answers whether the row existed
     * unmarked before (then the bytes are certainly stored; otherwise the writer checks them).
     */
    private static final String UPSERT_BLOB = "WITH prior AS (SELECT unreferenced_since IS NULL AS live FROM blob "
            + "WHERE sha256 = :sha256 FOR UPDATE), up AS (INSERT INTO blob (sha256, size, sha1, md5, sha512) "
            + "VALUES (:sha256, :size, :sha1, :md5, :sha512) ON CONFLICT (sha256) DO UPDATE SET "
            + "sha1 = COALESCE(blob.sha1, EXCLUDED.sha1), md5 = COALESCE(blob.md5, EXCLUDED.md5), "
            + "sha512 = COALESCE(blob.sha512, EXCLUDED.sha512), unreferenced_since = NULL RETURNING 1) "
            + "SELECT COALESCE((SELECT live FROM prior), false) FROM up";

    /** The property a PromotionRule puts on what it promoted (see lifecycle.promotion.PromotionStore). */
    public static final String PROMOTED_BY = "granary.io/promoted-by";

    private final Mutiny.SessionFactory sessions;
    private final BlobPresence presence;

    AssetMetadataStore(Mutiny.SessionFactory sessions, BlobPresence presence) {
        this.sessions = sessions;
        this.presence = presence;
    }

    /** The asset at {@code path}, or null. */
    public Uni<StoredAsset> find(long repositoryId, String path) {
        return sessions.withSession(s -> s.createNamedQuery(AssetRecord.FIND_WITH_BLOB, Object[].class)
                .setParameter("repo", repositoryId)
                .setParameter("path", path)
                .getSingleResultOrNull()
                .map(row -> row == null ? null : StoredAsset.of((AssetRecord) row[0], (BlobRecord) row[1])));
    }

    /**
     * Points the path at the blob in one transaction. A per-repository advisory lock serialises the
     * immutability and quota checks with the write, so two racing uploads cannot both pass them.
     */
    public Uni<AssetWriteOutcome> write(AssetWrite write) {
        return sessions.withTransaction(s -> lockRepository(s, write.repositoryId())
                .chain(() -> writeLocked(s, write, presence)));
    }

    /** Serialises writers of one repository until the session's transaction ends. */
    static Uni<Void> lockRepository(Mutiny.Session s, long repositoryId) {
        return s.createNativeQuery("SELECT pg_advisory_xact_lock(:key)")
                .setParameter("key", repositoryId)
                .getSingleResult()
                .replaceWithVoid();
    }

    /** The write of {@link #write} inside a transaction that already holds the repository's lock. */
    static Uni<AssetWriteOutcome> writeLocked(Mutiny.Session s, AssetWrite write, BlobPresence presence) {
        return s.createNamedQuery(AssetRecord.BY_PATH, AssetRecord.class)
                .setParameter("repo", write.repositoryId())
                .setParameter("path", write.path())
                .getSingleResultOrNull()
                .chain(existing -> (existing == null || write.immutable() ? Uni.createFrom().item(write.immutable())
                        : promoted(s, existing.id)).chain(immutable -> {
                    if (existing != null && immutable) {
                        return Uni.createFrom().item(AssetWriteOutcome.of(AssetWriteOutcome.Result.IMMUTABLE, null));
                    }
                    return checkQuota(s, write, existing).chain(refusal -> refusal != null
                            ? Uni.createFrom().item(refusal)
                            : upsert(s, write, existing, presence));
                }));
    }

    /** A promoted asset (marked by a PromotionRule) is immutable whatever the repository declares. */
    private static Uni<Boolean> promoted(Mutiny.Session s, long assetId) {
        return s.createNativeQuery("SELECT EXISTS (SELECT 1 FROM property WHERE asset_id = :asset AND key = :key)", Boolean.class)
                .setParameter("asset", assetId)
                .setParameter("key", PROMOTED_BY)
                .getSingleResult();
    }

    private static Uni<AssetWriteOutcome> checkQuota(Mutiny.Session s, AssetWrite write, AssetRecord existing) {
        if (write.quotaBytes().isEmpty()) {
            return Uni.createFrom().nullItem();
        }
        long quota = write.quotaBytes().getAsLong();
        return usage(s, write.repositoryId()).map(usage -> {
            long after = usage.bytes() - (existing == null ? 0 : existing.size) + write.blob().size();
            return after > quota
                    ? new AssetWriteOutcome(AssetWriteOutcome.Result.QUOTA_EXCEEDED, null, usage.bytes(), quota)
                    : null;
        });
    }

    private static Uni<AssetWriteOutcome> upsert(Mutiny.Session s, AssetWrite write, AssetRecord existing,
                                                 BlobPresence presence) {
        var sums = write.blob().checksums();
        Instant now = Instant.now();
        return s.createNativeQuery(UPSERT_BLOB, Boolean.class)
                .setParameter("sha256", sums.sha256())
                .setParameter("size", write.blob().size())
                .setParameter("sha1", sums.get(ChecksumAlgorithm.SHA1).orElse(null))
                .setParameter("md5", sums.get(ChecksumAlgorithm.MD5).orElse(null))
                .setParameter("sha512", sums.get(ChecksumAlgorithm.SHA512).orElse(null))
                .getSingleResult()
                .call(live -> live ? Uni.createFrom().voidItem() : presence.require(write.repositoryId(), sums.sha256()))
                .chain(ignored -> {
                    AssetRecord asset = existing == null ? new AssetRecord() : existing;
                    asset.repositoryId = write.repositoryId();
                    asset.path = write.path();
                    asset.blobSha256 = sums.sha256();
                    asset.size = write.blob().size();
                    asset.contentType = write.contentType();
                    asset.createdBy = existing == null ? write.actor() : existing.createdBy;
                    asset.createdAt = existing == null ? now : existing.createdAt;
                    asset.updatedAt = now;
                    Uni<Void> saved = existing == null ? s.persist(asset) : Uni.createFrom().voidItem();
                    return saved.chain(s::flush).chain(() -> replaceProperties(s, asset.id, write.properties()))
                            .replaceWith(asset);
                })
                .chain(asset -> s.find(BlobRecord.class, sums.sha256()).map(blob -> AssetWriteOutcome.of(
                        existing == null ? AssetWriteOutcome.Result.CREATED : AssetWriteOutcome.Result.REPLACED,
                        StoredAsset.of(asset, blob))));
    }

    private static Uni<Void> replaceProperties(Mutiny.Session s, long assetId, Map<String, String> properties) {
        Uni<Integer> cleared = s.createMutationQuery("delete from PropertyRecord where assetId = :asset")
                .setParameter("asset", assetId).executeUpdate();
        return cleared.chain(() -> {
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (var entry : properties.entrySet()) {
                PropertyRecord property = new PropertyRecord();
                property.assetId = assetId;
                property.key = entry.getKey();
                property.value = entry.getValue();
                chain = chain.chain(() -> s.persist(property));
            }
            return chain.chain(s::flush);
        });
    }

    /**
     * Assets whose path starts with {@code prefix}, in path order, at most {@code limit}, each with its
     * properties. One statement (assets joined with their properties), so a listing is one consistent
     * snapshot and one round trip: index pages are built from it on every GET.
     */
    public Uni<List<LabeledAsset>> listLabeledUnder(long repositoryId, String prefix, int limit) {
        // Rows are (asset, property); a cap on rows keeps memory bounded whatever the repository holds.
        int maxRows = limit * LABEL_ROWS_PER_ASSET;
        return sessions.withSession(s -> s.createSelectionQuery("select a, b, p from AssetRecord a "
                                + "join BlobRecord b on b.sha256 = a.blobSha256 "
                                + "left join PropertyRecord p on p.assetId = a.id "
                                + "where a.repositoryId = :repo and a.path like :prefix escape '\\' "
                                + "order by a.path, p.id", Object[].class)
                .setParameter("repo", repositoryId)
                .setParameter("prefix", escapeLike(prefix) + "%")
                .setMaxResults(maxRows)
                .getResultList()
                .map(rows -> {
                    Map<Long, StoredAsset> assets = new LinkedHashMap<>();
                    Map<Long, Map<String, String>> properties = new HashMap<>();
                    for (Object[] row : rows) {
                        AssetRecord asset = (AssetRecord) row[0];
                        assets.computeIfAbsent(asset.id, id -> StoredAsset.of(asset, (BlobRecord) row[1]));
                        if (row[2] instanceof PropertyRecord p) {
                            properties.computeIfAbsent(asset.id, k -> new TreeMap<>()).put(p.key, p.value);
                        }
                    }
                    if (rows.size() == maxRows && !assets.isEmpty()) {
                        // The last asset's properties may be cut off: leave it out rather than show it half.
                        Long last = ((AssetRecord) rows.get(rows.size() - 1)[0]).id;
                        assets.remove(last);
                    }
                    return assets.values().stream().limit(limit)
                            .map(a -> new LabeledAsset(a, properties.getOrDefault(a.id(), Map.of()))).toList();
                }));
    }

    /**
     * Sets (or, with a null value, removes) one property on the assets at the given paths; returns
     * how many of those assets exist.
     */
    public Uni<Integer> setProperty(long repositoryId, List<String> paths, String key, String value) {
        return sessions.withTransaction(s -> s.createSelectionQuery(
                        "from AssetRecord where repositoryId = :repo and path in :paths", AssetRecord.class)
                .setParameter("repo", repositoryId)
                .setParameter("paths", paths)
                .getResultList()
                .chain(assets -> {
                    List<Long> ids = assets.stream().map(a -> a.id).toList();
                    if (ids.isEmpty()) {
                        return Uni.createFrom().item(0);
                    }
                    Uni<Integer> cleared = s.createMutationQuery("delete from PropertyRecord where assetId in :ids and key = :key")
                            .setParameter("ids", ids).setParameter("key", key).executeUpdate();
                    return cleared.chain(() -> {
                        Uni<Void> chain = Uni.createFrom().voidItem();
                        if (value != null) {
                            for (Long id : ids) {
                                PropertyRecord property = new PropertyRecord();
                                property.assetId = id;
                                property.key = key;
                                property.value = value;
                                chain = chain.chain(() -> s.persist(property));
                            }
                        }
                        return chain.chain(s::flush).replaceWith(ids.size());
                    });
                }));
    }

    /**
     * Removes the asset row; the blob stays until garbage collection finds it unreferenced.
     *
     * <p>The row is removed with a delete statement, not {@code Session.remove}: Hibernate Reactive's
     * entity delete (ReactiveDeleteCoordinator, one per entity type) keeps the pending delete's future
     * in a shared field, so two assets deleted at the same moment could complete each other's future
     * and leave one transaction open forever, its request hanging (hibernate-reactive issue 1713).
     */
    public Uni<StoredAsset> delete(long repositoryId, String path) {
        return sessions.withTransaction(s -> s.createNamedQuery(AssetRecord.FIND_WITH_BLOB, Object[].class)
                .setParameter("repo", repositoryId)
                .setParameter("path", path)
                .getSingleResultOrNull()
                .chain(row -> {
                    if (row == null) {
                        return Uni.createFrom().nullItem();
                    }
                    AssetRecord asset = (AssetRecord) row[0];
                    StoredAsset gone = StoredAsset.of(asset, (BlobRecord) row[1]);
                    return s.createMutationQuery("delete from AssetRecord where id = :id")
                            .setParameter("id", asset.id)
                            .executeUpdate()
                            .replaceWith(gone);
                }));
    }

    /** Assets whose path starts with {@code prefix}, in path order, at most {@code limit}. */
    public Uni<List<StoredAsset>> listUnder(long repositoryId, String prefix, int limit) {
        return sessions.withSession(s -> listUnder(s, repositoryId, prefix, limit));
    }

    private static Uni<List<StoredAsset>> listUnder(Mutiny.Session s, long repositoryId, String prefix, int limit) {
        return s.createSelectionQuery("select a, b from AssetRecord a, BlobRecord b "
                                + "where b.sha256 = a.blobSha256 and a.repositoryId = :repo "
                                + "and a.path like :prefix escape '\\' order by a.path", Object[].class)
                .setParameter("repo", repositoryId)
                .setParameter("prefix", escapeLike(prefix) + "%")
                .setMaxResults(limit)
                .getResultList()
                .map(rows -> rows.stream().map(r -> StoredAsset.of((AssetRecord) r[0], (BlobRecord) r[1])).toList());
    }

    /** Assets whose path sorts after {@code after} (empty: from the first), in path order, at most {@code limit}: a page of a listing. */
    public Uni<List<StoredAsset>> listAfter(long repositoryId, String after, int limit) {
        return sessions.withSession(s -> s.createSelectionQuery("select a, b from AssetRecord a, BlobRecord b "
                                + "where b.sha256 = a.blobSha256 and a.repositoryId = :repo and a.path > :after order by a.path",
                        Object[].class)
                .setParameter("repo", repositoryId)
                .setParameter("after", after)
                .setMaxResults(limit)
                .getResultList()
                .map(rows -> rows.stream().map(r -> StoredAsset.of((AssetRecord) r[0], (BlobRecord) r[1])).toList()));
    }

    /** Number of assets and bytes referenced in a repository. */
    public Uni<RepositoryUsage> usage(long repositoryId) {
        return sessions.withSession(s -> usage(s, repositoryId));
    }

    /** The usage inside a transaction (one that holds the repository lock sees it settled). */
    public static Uni<RepositoryUsage> usage(Mutiny.Session s, long repositoryId) {
        return s.createSelectionQuery("select count(a), coalesce(sum(a.size), 0) from AssetRecord a where a.repositoryId = :repo",
                        Object[].class)
                .setParameter("repo", repositoryId)
                .getSingleResult()
                .map(row -> new RepositoryUsage(((Number) row[0]).longValue(), ((Number) row[1]).longValue()));
    }

    /**
     * Records a download. Only written when the stored time is older than an hour, so hot assets do
     * not turn every read into a write; retention rules work in days.
     */
    public Uni<Void> markDownloaded(long assetId) {
        return sessions.withTransaction(s -> s.createNativeQuery("UPDATE asset SET last_downloaded_at = now() WHERE id = :id "
                        + "AND (last_downloaded_at IS NULL OR last_downloaded_at < now() - interval '1 hour')")
                .setParameter("id", assetId)
                .executeUpdate()
                .replaceWithVoid());
    }

    static String escapeLike(String s) {
        return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
