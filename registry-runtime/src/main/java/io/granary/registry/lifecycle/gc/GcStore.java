package io.granary.registry.lifecycle.gc;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * The database side of garbage collection. Every statement that removes a blob row re-checks, under
 * the row lock, that nothing references it and that its unreferenced mark is older than the grace
 * period; writers clear the mark under the same lock, so a racing write either wins (the row stays)
 * or finds the row gone and checks the bytes itself.
 */
@ApplicationScoped
public class GcStore {

    /**
     * Nothing references blob {@code b}: no asset, no manifest (as itself or as a referenced blob), no
     * blob streamed into an open upload session, and no image link younger than the grace period
     * (layers pushed for a manifest still on its way) or in an image whose manifests predate recorded
     * references.
     */
    static final String UNREFERENCED = "NOT EXISTS (SELECT 1 FROM asset a WHERE a.blob_sha256 = b.sha256) "
            + "AND NOT EXISTS (SELECT 1 FROM oci_manifest m WHERE m.sha256 = b.sha256) "
            + "AND NOT EXISTS (SELECT 1 FROM oci_manifest_blob r WHERE r.sha256 = b.sha256) "
            + "AND NOT EXISTS (SELECT 1 FROM oci_upload_blob u WHERE u.sha256 = b.sha256) "
            + "AND NOT EXISTS (SELECT 1 FROM oci_blob_link l WHERE l.sha256 = b.sha256 AND (l.created_at > :linkCutoff "
            + "OR EXISTS (SELECT 1 FROM oci_manifest lm WHERE lm.repository_id = l.repository_id AND lm.image = l.image "
            + "AND NOT lm.refs_recorded)))";

    /** Counts of the mark phase. */
    public record Marks(long referenced, long newlyUnreferenced) {
    }

    private final Mutiny.SessionFactory sessions;

    GcStore(Mutiny.SessionFactory sessions) {
        this.sessions = sessions;
    }

    /**
     * Clears marks of blobs referenced again and marks those found unreferenced for the first time.
     * A mark set on a blob a concurrent write re-references is harmless: the sweep re-checks.
     */
    public Uni<Marks> mark(Instant linkCutoff) {
        OffsetDateTime cutoff = utc(linkCutoff);
        return sessions.withTransaction(s -> s.createNativeQuery("UPDATE blob b SET unreferenced_since = NULL "
                                + "WHERE unreferenced_since IS NOT NULL AND NOT (" + UNREFERENCED + ")")
                        .setParameter("linkCutoff", cutoff)
                        .executeUpdate())
                .chain(() -> sessions.withTransaction(s -> s.createNativeQuery("UPDATE blob b SET unreferenced_since = now() "
                                + "WHERE unreferenced_since IS NULL AND " + UNREFERENCED)
                        .setParameter("linkCutoff", cutoff)
                        .executeUpdate()))
                .chain(marked -> sessions.withSession(s -> s.createNativeQuery(
                                "SELECT count(*) FROM blob WHERE unreferenced_since IS NULL", Long.class)
                        .getSingleResult())
                        .map(referenced -> new Marks(referenced, marked)));
    }

    /**
     * Locks up to {@code limit} blobs unreferenced since before {@code cutoff}, removes their stale
     * image links and rows (re-checked in the deleting statement) and returns the removed digests.
     * The caller deletes the bytes before the transaction of {@code s} commits.
     */
    public Uni<List<String>> removeSweepable(Mutiny.Session s, Instant cutoff, int limit) {
        OffsetDateTime at = utc(cutoff);
        return s.createNativeQuery("SELECT b.sha256 FROM blob b WHERE b.unreferenced_since < :cutoff AND " + UNREFERENCED
                                + " ORDER BY b.unreferenced_since LIMIT :limit FOR UPDATE SKIP LOCKED", String.class)
                .setParameter("cutoff", at)
                .setParameter("linkCutoff", at)
                .setParameter("limit", limit)
                .getResultList()
                .chain(locked -> locked.isEmpty() ? Uni.createFrom().item(List.<String>of())
                        : s.createNativeQuery("DELETE FROM oci_blob_link WHERE sha256 IN (:digests) AND created_at <= :cutoff")
                                .setParameter("digests", locked)
                                .setParameter("cutoff", at)
                                .executeUpdate()
                                .chain(() -> s.createNativeQuery("DELETE FROM blob b WHERE b.sha256 IN (:digests) "
                                                + "AND b.unreferenced_since < :cutoff AND " + UNREFERENCED + " RETURNING b.sha256",
                                                String.class)
                                        .setParameter("digests", locked)
                                        .setParameter("cutoff", at)
                                        .setParameter("linkCutoff", at)
                                        .getResultList()))
                .map(GcStore::strip);
    }

    /** Those of the digests that have a blob row. */
    public Uni<Set<String>> withRows(Collection<String> digests) {
        if (digests.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        return sessions.withSession(s -> s.createNativeQuery("SELECT sha256 FROM blob WHERE sha256 IN (:digests)", String.class)
                .setParameter("digests", List.copyOf(digests))
                .getResultList()
                .map(rows -> new HashSet<>(strip(rows))));
    }

    /**
     * Claims orphan bytes (no row) by inserting placeholder rows: a writer reaching the same digest
     * waits for this transaction and then finds no row, so it checks the bytes itself. Digests that
     * got a row meanwhile, or that an upload session holds, are not claimed. Returns the claimed ones.
     */
    public Uni<List<String>> claimOrphans(Mutiny.Session s, Collection<String> digests) {
        return s.createNativeQuery("INSERT INTO blob (sha256, size, unreferenced_since) SELECT d, 0, '-infinity' "
                                + "FROM unnest(cast(:digests AS text[])) AS d WHERE NOT EXISTS (SELECT 1 FROM oci_upload_blob u "
                                + "WHERE u.sha256 = d) ON CONFLICT DO NOTHING RETURNING sha256", String.class)
                .setParameter("digests", digests.toArray(String[]::new))
                .getResultList()
                .map(GcStore::strip);
    }

    /** Removes the placeholder rows of claimed orphans. */
    public Uni<Integer> releaseOrphans(Mutiny.Session s, List<String> digests) {
        return digests.isEmpty() ? Uni.createFrom().item(0)
                : s.createNativeQuery("DELETE FROM blob WHERE sha256 IN (:digests)")
                        .setParameter("digests", digests)
                        .executeUpdate();
    }

    /** The session factory, for callers that run the sweep's transactions. */
    Mutiny.SessionFactory sessions() {
        return sessions;
    }

    private static OffsetDateTime utc(Instant at) {
        return at.atOffset(ZoneOffset.UTC);
    }

    private static List<String> strip(List<String> digests) {
        return digests.stream().map(String::strip).toList();
    }
}
