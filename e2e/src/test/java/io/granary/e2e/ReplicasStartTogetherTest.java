package io.granary.e2e;

import static io.granary.e2e.support.GenericAssertions.assertServed;
import static io.granary.e2e.support.GranaryFixture.REPO;
import static org.assertj.core.api.Assertions.assertThat;

import io.granary.e2e.support.Content;
import io.granary.e2e.support.GranaryFixture;
import io.granary.e2e.support.GranaryProcess;
import io.granary.e2e.support.TestPostgres;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replicas of a Deployment start at the same moment against a fresh database with the same admin
 * token: every one of them must come up (schema migration, token bootstrap), not crash on a race.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class ReplicasStartTogetherTest {

    @Test
    void twoRuntimesStartedAtOnceOnAFreshDatabaseBothServe(@TempDir Path root) throws Exception {
        ExecutorService starters = Executors.newFixedThreadPool(2);
        try (TestPostgres postgres = TestPostgres.start(); GranaryFixture granary = new GranaryFixture(root)) {
            Path data = granary.dir("shared-data");
            List<Future<GranaryProcess>> starts = starters.invokeAll(List.of(
                    () -> granary.start("together-a", data, postgres.url()),
                    () -> granary.start("together-b", data, postgres.url())), 5, TimeUnit.MINUTES);
            GranaryProcess a = starts.get(0).get();
            GranaryProcess b = starts.get(1).get();

            byte[] body = Content.random(2 * Content.MIB, 9);
            HttpResponse<String> put = granary.api(a).put(REPO, "together/one.bin", body, Content.sha256(body));
            assertThat(put.statusCode()).as(put.body()).isEqualTo(201);
            assertServed(granary.api(b), "together/one.bin", body.length, Content.sha256(body));
        } finally {
            starters.shutdownNow();
        }
    }
}
