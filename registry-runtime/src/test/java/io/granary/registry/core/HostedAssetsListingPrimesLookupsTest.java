package io.granary.registry.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.granary.registry.catalog.RepositoryCatalog;
import io.granary.registry.catalog.RepositoryDefinition;
import io.granary.registry.coherence.CacheCoherence;
import io.granary.registry.config.GranaryConfig;
import io.granary.registry.metadata.RepositoryIds;
import io.granary.registry.metadata.StoredAsset;
import io.granary.registry.storage.BlobWriter;
import io.granary.registry.storage.CommittedBlob;
import io.granary.registry.storage.ExpectedChecksums;
import io.granary.registry.testsupport.GranaryTestResources;
import io.granary.registry.testsupport.TestRepositories;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.awaitility.Awaitility;
import org.hibernate.reactive.mutiny.Mutiny;
import org.junit.jupiter.api.Test;

/**
 * A short listing primes the lookups of the files in it (pip reads a project page, then fetches each
 * file listed): on real PostgreSQL, a row removed behind the runtime's back after the listing is
 * still found within the cache's TTL, while a path that was not listed is looked up afresh. Short
 * listings for index pages are kept too: writes through this process show in them at once, another
 * replica's as its notice arrives, and nothing cached survives a cut in the change feed.
 */
@QuarkusTest
@QuarkusTestResource(value = GranaryTestResources.class, restrictToAnnotatedClass = true)
class HostedAssetsListingPrimesLookupsTest {

    @Inject
    HostedAssets assets;
    @Inject
    RepositoryCatalog catalog;
    @Inject
    Mutiny.SessionFactory sessions;
    @Inject
    GranaryConfig config;
    @Inject
    CacheCoherence coherence;
    @Inject
    RepositoryIds ids;
    @Inject
    MeterRegistry meters;

    private static <T> T await(Supplier<Uni<T>> call) throws Throwable {
        return VertxContextSupport.subscribeAndAwait(call);
    }

    private RepositoryDefinition repo() {
        return catalog.find(TestRepositories.FILES).orElseThrow();
    }

    private void store(String path, String text) throws Throwable {
        CommittedBlob blob;
        try (BlobWriter writer = assets.blobs(repo()).openWriter(Set.of())) {
            writer.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
            blob = writer.commit(ExpectedChecksums.NONE);
        }
        await(() -> assets.commit(repo(), path, blob, "text/plain", "test"));
    }

    /** Removes the rows directly in PostgreSQL, as another replica's delete would. */
    private void removeBehindTheCache(String... paths) throws Throwable {
        await(() -> sessions.withTransaction(s -> {
            Uni<Integer> removed = Uni.createFrom().item(0);
            for (String path : paths) {
                removed = removed.chain(() -> s.createNativeQuery("delete from asset where path = :path")
                        .setParameter("path", path).executeUpdate());
            }
            return removed;
        }));
    }

    @Test
    void filesOfAShortListingAreFoundWithoutAnotherQuery() throws Throwable {
        // Everything from the listing to the lookups must happen within the cache's TTL; a busy
        // machine may outlast it, so the scenario is tried a few times and judged on a timely attempt.
        long ttl = config.metadata().assetCacheTtl().toNanos();
        for (int attempt = 0; attempt < 5; attempt++) {
            String folder = "primed-" + UUID.randomUUID() + "/";
            store(folder + "a.whl", "wheel bytes");
            store(folder + "a.whl.metadata", "metadata bytes " + folder);
            String unlisted = "unlisted-" + UUID.randomUUID() + "/b.whl";
            store(unlisted, "other bytes " + unlisted);

            long listedAt = System.nanoTime();
            assertThat(await(() -> assets.listLabeledUnder(repo(), folder, 100))).hasSize(2);
            removeBehindTheCache(folder + "a.whl.metadata", unlisted);
            StoredAsset primed = await(() -> assets.find(repo(), folder + "a.whl.metadata"));
            StoredAsset notPrimed = await(() -> assets.find(repo(), unlisted));
            if (System.nanoTime() - listedAt >= ttl) {
                continue;
            }
            assertThat(primed).isNotNull();
            assertThat(primed.path()).isEqualTo(folder + "a.whl.metadata");
            assertThat(notPrimed).isNull();
            return;
        }
        assumeTrue(false, "every attempt outlasted the cache TTL; nothing to judge on this machine");
    }

    @Test
    void aLongListingDoesNotFillTheCache() throws Throwable {
        String folder = "catalog-" + UUID.randomUUID() + "/";
        for (int i = 0; i <= HostedAssets.PRIMED_LISTING_MAX; i++) {
            store(folder + "f" + i, "file " + i);
        }
        assertThat(await(() -> assets.listLabeledUnder(repo(), folder, 1000)))
                .hasSize(HostedAssets.PRIMED_LISTING_MAX + 1);
        removeBehindTheCache(folder + "f0");

        assertThat(await(() -> assets.find(repo(), folder + "f0"))).isNull();
    }

    private List<String> indexListing(String folder) throws Throwable {
        return await(() -> assets.listLabeledUnderForIndex(repo(), folder, 1000)).stream()
                .map(a -> a.asset().path() + (a.property("flag") == null ? "" : " flag=" + a.property("flag"))).toList();
    }

    @Test
    void writesThroughThisProcessShowInACachedIndexListingAtOnce() throws Throwable {
        String folder = "indexed-" + UUID.randomUUID() + "/";
        store(folder + "a.whl", "a " + folder);
        assertThat(indexListing(folder)).containsExactly(folder + "a.whl");

        store(folder + "b.whl", "b " + folder);
        assertThat(indexListing(folder)).containsExactly(folder + "a.whl", folder + "b.whl");

        await(() -> assets.setProperty(repo(), List.of(folder + "a.whl"), "flag", "yanked"));
        assertThat(indexListing(folder)).containsExactly(folder + "a.whl flag=yanked", folder + "b.whl");

        await(() -> assets.delete(repo(), folder + "b.whl"));
        assertThat(indexListing(folder)).containsExactly(folder + "a.whl flag=yanked");

        // A package removal that bypasses HostedAssets reports its paths through forget.
        removeBehindTheCache(folder + "a.whl");
        await(() -> assets.forget(repo(), List.of(folder + "a.whl")));
        assertThat(indexListing(folder)).isEmpty();
    }

    /** Sends the notice another replica sends after it changed a path of this repository. */
    private void announceAsAnotherReplica(String path) throws Throwable {
        long id = await(() -> ids.idOf(repo().name(), repo().format().wireName()));
        String payload = "another-replica\n" + HostedAssets.ASSET_TOPIC + "\n" + id + " " + path;
        await(() -> sessions.withSession(s -> s.createNativeQuery("select pg_notify(:channel, :payload)::text")
                .setParameter("channel", CacheCoherence.CHANNEL).setParameter("payload", payload).getSingleResult()));
    }

    private void awaitLiveFeed() {
        Awaitility.await("the change feed listening").atMost(Duration.ofSeconds(30)).until(coherence::live);
    }

    /** A folder whose one-file listing is cached and whose row was then removed behind the cache. */
    private String cachedListingRemovedBehindTheCache(String prefix) throws Throwable {
        String folder = prefix + UUID.randomUUID() + "/";
        store(folder + "a.whl", "a " + folder);
        assertThat(indexListing(folder)).hasSize(1);
        removeBehindTheCache(folder + "a.whl");
        return folder;
    }

    private void assertAnotherReplicasNoticeDropsTheListing(String folder) throws Throwable {
        double receivedBefore = received();
        announceAsAnotherReplica(folder + "a.whl");
        Awaitility.await("the notice dropping the listing").atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(indexListing(folder)).isEmpty());
        assertThat(received()).as("notices received, in the metrics").isGreaterThan(receivedBefore);
    }

    private double received() {
        return meters.get("granary.cache.coherence.notices").tag("direction", "received").counter().count();
    }

    private double feedMetric(String name) {
        var gauge = meters.find(name).gauge();
        return gauge != null ? gauge.value() : meters.get(name).counter().count();
    }

    @Test
    void anotherReplicasChangeShowsInACachedIndexListingWhenItsNoticeArrives() throws Throwable {
        awaitLiveFeed();
        String folder = cachedListingRemovedBehindTheCache("replica-");
        // No notice yet: the listing is served from memory (the coherent TTL is far longer than this test).
        assertThat(indexListing(folder)).as("served from memory").hasSize(1);
        assertAnotherReplicasNoticeDropsTheListing(folder);
    }

    @Test
    void whileTheChangeFeedIsCutNothingStaleIsKeptAndTheFeedComesBack() throws Throwable {
        awaitLiveFeed();
        assertThat(feedMetric("granary.cache.coherence.live")).as("live, in the metrics").isEqualTo(1.0);
        double dropsBefore = feedMetric("granary.cache.coherence.feed.drops");
        String folder = cachedListingRemovedBehindTheCache("cut-");

        // A real fault: PostgreSQL ends the listening session, as a failover or a restart would.
        Long ended = await(() -> sessions.withSession(s -> s.createNativeQuery(
                        "select count(pg_terminate_backend(pid)) from pg_stat_activity where query = :listen", Long.class)
                .setParameter("listen", "LISTEN " + CacheCoherence.CHANNEL).getSingleResult()));
        assertThat(ended).as("listening sessions ended").isEqualTo(1L);

        // Notices sent while it was cut are lost, so what was cached before is not served any more.
        Awaitility.await("the cached listing dropped").atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(indexListing(folder)).isEmpty());
        assertThat(feedMetric("granary.cache.coherence.feed.drops")).as("feed drops, in the metrics")
                .isEqualTo(dropsBefore + 1);
        awaitLiveFeed();
        assertThat(feedMetric("granary.cache.coherence.live")).isEqualTo(1.0);

        assertAnotherReplicasNoticeDropsTheListing(cachedListingRemovedBehindTheCache("after-cut-"));
    }

    @Test
    void aLongIndexListingIsNotKept() throws Throwable {
        String folder = "long-index-" + UUID.randomUUID() + "/";
        for (int i = 0; i <= HostedAssets.PRIMED_LISTING_MAX; i++) {
            store(folder + "f" + i, "index file " + i + folder);
        }
        assertThat(indexListing(folder)).hasSize(HostedAssets.PRIMED_LISTING_MAX + 1);
        removeBehindTheCache(folder + "f0");
        assertThat(indexListing(folder)).hasSize(HostedAssets.PRIMED_LISTING_MAX);
    }
}
