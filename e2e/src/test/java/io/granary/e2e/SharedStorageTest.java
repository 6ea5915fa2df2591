package io.granary.e2e;

import static io.granary.e2e.support.GenericAssertions.assertAbsent;
import static io.granary.e2e.support.GenericAssertions.assertServed;
import static io.granary.e2e.support.GranaryFixture.REPO;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.granary.e2e.support.Content;
import io.granary.e2e.support.GenericApi;
import io.granary.e2e.support.GranaryFixture;
import io.granary.e2e.support.GranaryProcess;
import io.granary.e2e.support.TestPostgres;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Two runtimes on one PostgreSQL and one blob root act as one registry: what one stores, the other serves. */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class SharedStorageTest {

    @Test
    void fileWrittenThroughOneRuntimeIsServedByTheOther(@TempDir Path root) {
        try (TestPostgres postgres = TestPostgres.start(); GranaryFixture granary = new GranaryFixture(root)) {
            Path data = granary.dir("shared-data");
            GenericApi a = granary.api(granary.start("shared-a", data, postgres.url()));
            GenericApi b = granary.api(granary.start("shared-b", data, postgres.url()));

            byte[] first = Content.random(6 * Content.MIB, 7);
            HttpResponse<String> put = a.put(REPO, "shared/tool.tar.gz", first, Content.sha256(first));
            assertThat(put.statusCode()).as(put.body()).isEqualTo(201);
            assertServed(b, "shared/tool.tar.gz", first.length, Content.sha256(first));

            // An overwrite through B is what A serves next: no per-process cache of the old metadata.
            byte[] second = Content.random(3 * Content.MIB, 8);
            HttpResponse<String> overwrite = b.put(REPO, "shared/tool.tar.gz", second, Content.sha256(second));
            assertThat(overwrite.statusCode()).as(overwrite.body()).isIn(200, 201);
            assertServed(a, "shared/tool.tar.gz", second.length, Content.sha256(second));

            assertThat(a.delete(REPO, "shared/tool.tar.gz").statusCode()).isEqualTo(204);
            assertAbsent(b, "shared/tool.tar.gz");
        }
    }

    @Test
    void aReplicaThatCachedAFileServesTheOthersOverwriteAndDeleteAsTheyCommit(@TempDir Path root) {
        // Both TTLs far beyond this test: only the change notice between the replicas can explain
        // B serving A's overwrite and delete in time.
        Map<String, String> longCaches = Map.of("GRANARY_METADATA_ASSET_CACHE_TTL", "5m",
                "GRANARY_METADATA_COHERENT_CACHE_TTL", "10m");
        try (TestPostgres postgres = TestPostgres.start(); GranaryFixture granary = new GranaryFixture(root)) {
            Path data = granary.dir("shared-data");
            GenericApi a = granary.api(granary.start("coherent-a", data, postgres.url(), longCaches));
            GenericApi b = granary.api(granary.start("coherent-b", data, postgres.url(), longCaches));

            byte[] first = Content.random(64 * 1024, 21);
            assertThat(a.put(REPO, "cached/app.jar", first, Content.sha256(first)).statusCode()).isEqualTo(201);
            assertServed(b, "cached/app.jar", first.length, Content.sha256(first));
            assertServed(b, "cached/app.jar", first.length, Content.sha256(first));  // now from B's memory

            byte[] second = Content.random(32 * 1024, 22);
            assertThat(a.put(REPO, "cached/app.jar", second, Content.sha256(second)).statusCode()).isIn(200, 201);
            await("B serving A's overwrite").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                    .untilAsserted(() -> assertServed(b, "cached/app.jar", second.length, Content.sha256(second)));

            assertThat(a.delete(REPO, "cached/app.jar").statusCode()).isEqualTo(204);
            await("B forgetting A's delete").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                    .untilAsserted(() -> assertAbsent(b, "cached/app.jar"));
        }
    }
}
