package io.granary.e2e;

import static io.granary.e2e.support.GranaryFixture.REPO;
import static io.granary.e2e.support.GenericAssertions.assertServed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.granary.e2e.support.Content;
import io.granary.e2e.support.GranaryFixture;
import io.granary.e2e.support.GranaryProcess;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A standalone runtime (embedded PostgreSQL in its data dir) keeps what it stored across a restart. */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class RestartKeepsDataTest {

    @Test
    void fileStoredBeforeARestartIsServedIdenticallyAfterIt(@TempDir Path root) {
        try (GranaryFixture granary = new GranaryFixture(root)) {
            Path data = granary.dir("data");
            byte[] body = Content.random(8 * Content.MIB, 1);
            String sha256 = Content.sha256(body);

            GranaryProcess first = granary.start("restart-first", data, null);
            HttpResponse<String> put = granary.api(first).put(REPO, "release/1.0/app.bin", body, sha256);
            assertThat(put.statusCode()).as(put.body()).isEqualTo(201);
            first.stop();
            // A clean stop must also stop the embedded PostgreSQL, or the next start cannot own the data dir.
            await("no process left running on " + data).atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(GranaryProcess.processesUsing(data))
                            .extracting(p -> p.pid() + " " + p.info().commandLine().orElse("?"))
                            .isEmpty());

            GranaryProcess second = granary.start("restart-second", first.port(), data, null);
            assertServed(granary.api(second), "release/1.0/app.bin", body.length, sha256);
        }
    }
}
