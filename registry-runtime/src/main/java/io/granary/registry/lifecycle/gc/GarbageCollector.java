package io.granary.registry.lifecycle.gc;

import io.granary.registry.core.WorkerCalls;
import io.granary.registry.storage.BlobStat;
import io.granary.registry.storage.BlobStore;
import io.granary.registry.storage.routing.RepositoryBlobStores;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Online garbage collection of the blob stores: mark from metadata, then sweep blobs unreferenced for
 * longer than the grace period, then bytes that never got a row (uploads refused after their bytes
 * were committed, processes that died in between) once they are older than the grace period.
 *
 * <p>Blob rows are global while bytes may sit in several stores (a bucket per repository): a blob no
 * repository references is deleted from every store. A copy left in one repository's bucket while
 * another repository still references the digest is kept until that digest is unreferenced too.
 */
@ApplicationScoped
public class GarbageCollector {

    private static final Logger LOG = Logger.getLogger(GarbageCollector.class);
    /** Orphan digests classified per database round trip. */
    private static final int ORPHAN_CHUNK = 1000;
    /** Upper bound of sweep transactions per run, so a run always ends. */
    private static final int MAX_BATCHES = 100_000;

    /** Running totals of one sweep. */
    private static final class Tally {
        long blobs;
        long orphans;
        long bytes;
        final List<String> errors = new ArrayList<>();

        void error(String message) {
            if (errors.size() < GcReport.MAX_ERRORS) {
                errors.add(message);
            }
        }
    }

    private final GcStore store;
    private final RepositoryBlobStores stores;
    private final GcConfig config;
    private final AtomicBoolean running = new AtomicBoolean();

    GarbageCollector(GcStore store, RepositoryBlobStores stores, GcConfig config) {
        this.store = store;
        this.stores = stores;
        this.config = config;
    }

    /** The configured grace period. */
    public Duration defaultGrace() {
        return config.grace();
    }

    /** The shortest grace a caller may ask for. */
    public Duration minGrace() {
        return config.minGrace();
    }

    /** Runs a collection; fails with {@link IllegalStateException} when one is already running here. */
    public Uni<GcReport> collect(Duration grace) {
        if (!running.compareAndSet(false, true)) {
            return Uni.createFrom().failure(new IllegalStateException("a garbage collection is already running"));
        }
        Instant started = Instant.now();
        Instant cutoff = started.minus(grace);
        Tally tally = new Tally();
        // Marks are stamped by the mark phase itself, so the sweep's cutoff is taken after it: with a
        // zero grace a run sweeps what it just found unreferenced.
        return store.mark(cutoff)
                .call(() -> sweepRows(Instant.now().minus(grace), tally, 0))
                .call(() -> sweepOrphans(cutoff, tally))
                .map(marks -> new GcReport(started, Instant.now(), grace.toSeconds(), marks.referenced(),
                        marks.newlyUnreferenced(), tally.blobs, tally.orphans, tally.bytes, List.copyOf(tally.errors)))
                .invoke(report -> LOG.infof("garbage collection: %d blobs and %d orphans swept, %d bytes freed in %d ms",
                        report.blobsSwept(), report.orphansSwept(), report.bytesFreed(),
                        Duration.between(report.startedAt(), report.finishedAt()).toMillis()))
                .eventually(() -> running.set(false));
    }

    /** One transaction per batch: rows locked and removed, bytes deleted, then commit. */
    private Uni<Void> sweepRows(Instant cutoff, Tally tally, int batch) {
        if (batch >= MAX_BATCHES) {
            tally.error("stopped after " + MAX_BATCHES + " batches; the next run continues");
            return Uni.createFrom().voidItem();
        }
        return store.sessions().withTransaction(s -> store.removeSweepable(s, cutoff, config.batchSize())
                        .call(digests -> WorkerCalls.run(() -> {
                            tally.blobs += deleteBytes(digests, tally);
                            return null;
                        })))
                .chain(digests -> digests.size() < config.batchSize() ? Uni.createFrom().voidItem()
                        : sweepRows(cutoff, tally, batch + 1));
    }

    private Uni<Void> sweepOrphans(Instant cutoff, Tally tally) {
        return WorkerCalls.run(() -> {
            Set<String> old = new LinkedHashSet<>();
            for (BlobStore blobs : stores.all()) {
                blobs.list(stat -> {
                    if (stat.lastModified() != null && stat.lastModified().isBefore(cutoff)) {
                        old.add(stat.sha256());
                    }
                });
            }
            return List.copyOf(old);
        }).chain(old -> sweepOrphanChunk(old, 0, tally));
    }

    private Uni<Void> sweepOrphanChunk(List<String> old, int from, Tally tally) {
        if (from >= old.size()) {
            return Uni.createFrom().voidItem();
        }
        List<String> chunk = old.subList(from, Math.min(old.size(), from + ORPHAN_CHUNK));
        return store.withRows(chunk).chain(rows -> {
            List<String> orphans = chunk.stream().filter(d -> !rows.contains(d)).toList();
            if (orphans.isEmpty()) {
                return Uni.createFrom().voidItem();
            }
            return store.sessions().withTransaction(s -> store.claimOrphans(s, orphans)
                    .call(claimed -> WorkerCalls.run(() -> {
                        tally.orphans += deleteBytes(claimed, tally);
                        return null;
                    }))
                    .call(claimed -> store.releaseOrphans(s, claimed))
                    .replaceWithVoid());
        }).chain(() -> sweepOrphanChunk(old, from + ORPHAN_CHUNK, tally));
    }

    /**
     * Deletes bytes from every store that holds them, measuring each copy first; returns how many
     * digests had bytes deleted.
     */
    private long deleteBytes(List<String> digests, Tally tally) {
        long deleted = 0;
        for (String sha256 : digests) {
            boolean any = false;
            for (BlobStore blobs : stores.all()) {
                try {
                    long size = blobs.stat(sha256).map(BlobStat::size).orElse(-1L);
                    if (size >= 0 && blobs.delete(sha256)) {
                        tally.bytes += size;
                        any = true;
                    }
                } catch (IOException | RuntimeException e) {
                    // The row is gone either way; bytes left behind are orphans the next run collects.
                    tally.error("deleting blob sha256:" + sha256 + " failed: " + e.getMessage());
                }
            }
            if (any) {
                deleted++;
            }
        }
        return deleted;
    }
}
