package io.granary.registry.coherence;

import static org.assertj.core.api.Assertions.assertThat;

import io.granary.registry.testsupport.GranaryTestResources;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnection;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Many changes announced at once (a retention run deleting thousands of paths) all reach another
 * replica, on real PostgreSQL: a second LISTENing connection stands in for that replica and must
 * receive every key, although they leave in batches rather than one query each.
 */
@QuarkusTest
@QuarkusTestResource(value = GranaryTestResources.class, restrictToAnnotatedClass = true)
class CacheCoherenceBatchTest {

    private static final int CHANGES = 2 * CacheCoherence.BATCH + 500;

    @Inject
    CacheCoherence coherence;
    @Inject
    Vertx vertx;
    @Inject
    MeterRegistry meters;

    @Test
    void thousandsOfChangesAnnouncedTogetherAllReachAnotherReplica() throws Exception {
        Awaitility.await("the change feed listening").atMost(Duration.ofSeconds(30)).until(coherence::live);
        Set<String> received = ConcurrentHashMap.newKeySet();
        PgConnection replica = PgConnection.connect(vertx, CacheCoherence.listenerOptions())
                .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        try {
            replica.notificationHandler(n -> {
                ChangeNotice notice = ChangeNotice.decode(n.getPayload());
                if (notice != null && notice.topic().equals("batch-test")) {
                    received.add(notice.key());
                }
            });
            replica.query("LISTEN " + CacheCoherence.CHANNEL).execute()
                    .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            double sentBefore = sent();

            for (int i = 0; i < CHANGES; i++) {
                coherence.changed("batch-test", "key-" + i);
            }

            Awaitility.await("every change at the other replica").atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(received).hasSize(CHANGES));
            assertThat(received).contains("key-0", "key-" + (CHANGES - 1));
            Awaitility.await("the sent notices counted").atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> assertThat(sent() - sentBefore).isEqualTo(CHANGES));
        } finally {
            replica.close();
        }
    }

    private double sent() {
        return meters.get("granary.cache.coherence.notices").tag("direction", "sent").counter().count();
    }
}
