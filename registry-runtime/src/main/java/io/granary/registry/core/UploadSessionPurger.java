package io.granary.registry.core;

import io.granary.registry.config.GranaryConfig;
import io.granary.registry.metadata.UploadSessionMetadataStore;
import io.granary.registry.storage.BlobStore;
import io.granary.registry.storage.routing.RepositoryBlobStores;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import org.jboss.logging.Logger;

/**
 * Removes upload sessions idle for longer than the configured expiry: their rows and their bytes,
 * and also sessions whose bytes exist without a row (a process died between the two steps), and
 * the temporary objects of single uploads whose process died before commit or abort.
 * Every replica runs it; deleting a row decides which one removes the bytes.
 */
@ApplicationScoped
public class UploadSessionPurger {

    private static final Logger LOG = Logger.getLogger(UploadSessionPurger.class);
    private static final int BATCH = 500;

    private final UploadSessionMetadataStore rows;
    private final RepositoryBlobStores stores;
    private final GranaryConfig config;

    UploadSessionPurger(UploadSessionMetadataStore rows, RepositoryBlobStores stores, GranaryConfig config) {
        this.rows = rows;
        this.stores = stores;
        this.config = config;
    }

    void schedule(@Observes StartupEvent event, Vertx vertx) {
        vertx.setPeriodic(config.upload().purgeInterval().toMillis(), id -> {
            var context = VertxContext.getOrCreateDuplicatedContext(vertx);
            context.runOnContext(v -> {
                VertxContextSafetyToggle.setCurrentContextSafe(true);
                purge().subscribe().with(
                        n -> {
                            if (n > 0) {
                                LOG.infof("Purged %d idle upload sessions", n);
                            }
                        },
                        e -> LOG.warnf("Purging idle upload sessions failed: %s", e.getMessage()));
            });
        });
    }

    /** Purges now; returns how many sessions were removed. Must run on a Vert.x context. */
    public Uni<Integer> purge() {
        Instant cutoff = Instant.now().minus(config.upload().sessionExpiry());
        Uni<Integer> withRows = rows.idleSince(cutoff, BATCH).chain(ids -> Multi.createFrom().iterable(ids)
                .onItem().transformToUniAndConcatenate(id -> rows.delete(id).chain(mine -> mine
                        ? WorkerCalls.run(() -> abortEverywhere(id)).replaceWith(1)
                        : Uni.createFrom().item(0)))
                .collect().asList()
                .map(list -> list.stream().mapToInt(Integer::intValue).sum()));
        // Bytes without a row: the row is written after the store session, so a crash can orphan bytes.
        Uni<Integer> orphans = WorkerCalls.run(() -> idleEverywhere(cutoff)).chain(ids ->
                Multi.createFrom().iterable(ids)
                        .onItem().transformToUniAndConcatenate(id -> rows.delete(id).chain(hadRow -> hadRow
                                ? Uni.createFrom().item(0)
                                : WorkerCalls.run(() -> abortEverywhere(id) ? 1 : 0)))
                        .collect().asList()
                        .map(list -> list.stream().mapToInt(Integer::intValue).sum()));
        Instant temporaryCutoff = Instant.now().minus(config.upload().temporaryExpiry());
        Uni<Integer> temporaries = WorkerCalls.run(() -> {
            int purged = 0;
            for (BlobStore store : stores.all()) {
                purged += store.purgeTemporaries(temporaryCutoff);
            }
            return purged;
        });
        return withRows.chain(a -> orphans.chain(b -> temporaries.map(c -> a + b + c)));
    }

    /**
     * The row (or, for an orphan, nothing) no longer says which repository's store holds a session, so every store is
     * asked; a store without the session answers false at the cost of one listing.
     */
    private boolean abortEverywhere(String id) throws IOException {
        boolean found = false;
        for (BlobStore store : stores.all()) {
            found |= store.uploads().abort(id);
        }
        return found;
    }

    private List<String> idleEverywhere(Instant cutoff) throws IOException {
        List<String> ids = new ArrayList<>();
        for (BlobStore store : stores.all()) {
            ids.addAll(store.uploads().idleSince(cutoff));
        }
        return ids;
    }
}
