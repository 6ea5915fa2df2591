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
import io.granary.e2e.support.RawUpload;
import io.granary.e2e.support.TestPostgres;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** An upload that does not finish, for whatever reason, is never visible, and a retry succeeds. */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class InterruptedUploadTest {

    private static final int CHUNK = 256 * 1024;

    @Test
    void clientThatDisconnectsMidUploadLeavesNothingBehind(@TempDir Path root) {
        try (GranaryFixture granary = new GranaryFixture(root)) {
            GranaryProcess runtime = granary.start("disconnect", granary.dir("data"), null);
            GenericApi api = granary.api(runtime);
            byte[] body = Content.random(50 * Content.MIB, 2);
            String sha256 = Content.sha256(body);

            // No checksum header: only the declared Content-Length tells the server the body is short.
            try (RawUpload upload = RawUpload.start(api.uri(REPO, "uploads/big.bin"), granary.token(),
                    body.length, null)) {
                upload.writeRange(body, 0, 10 * Content.MIB, CHUNK);
            }

            // Not visible now, nor once the server has noticed the closed connection.
            await("interrupted upload stays invisible").during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> assertThat(api.get(REPO, "uploads/big.bin").statusCode())
                            .as("GET of the interrupted upload").isEqualTo(404));
            assertAbsent(api, "uploads/big.bin");
            assertThat(runtime.isAlive()).isTrue();

            HttpResponse<String> retry = api.put(REPO, "uploads/big.bin", body, sha256);
            assertThat(retry.statusCode()).as(retry.body()).isEqualTo(201);
            assertServed(api, "uploads/big.bin", body.length, sha256);
        }
    }

    @Test
    void killMinus9MidUploadKeepsThePreviousVersionAndNeverAPartialOne(@TempDir Path root) {
        try (TestPostgres postgres = TestPostgres.start(); GranaryFixture granary = new GranaryFixture(root)) {
            Path data = granary.dir("data");
            GranaryProcess first = granary.start("crash-first", data, postgres.url());
            GenericApi api = granary.api(first);
            byte[] previous = Content.random(4 * Content.MIB, 3);
            byte[] next = Content.random(40 * Content.MIB, 4);
            byte[] fresh = Content.random(40 * Content.MIB, 5);
            HttpResponse<String> put = api.put(REPO, "releases/app.bin", previous, Content.sha256(previous));
            assertThat(put.statusCode()).as(put.body()).isEqualTo(201);

            // Two uploads in progress (the bodies stop after 16 of 40 MiB, connections open) when the
            // process dies; no checksum headers, so nothing but the commit protocol keeps a partial file out.
            try (RawUpload overwrite = RawUpload.start(api.uri(REPO, "releases/app.bin"), granary.token(),
                    next.length, null);
                    RawUpload newFile = RawUpload.start(api.uri(REPO, "releases/new.bin"), granary.token(),
                            fresh.length, null)) {
                overwrite.writeRange(next, 0, 16 * Content.MIB, CHUNK);
                newFile.writeRange(fresh, 0, 16 * Content.MIB, CHUNK);
                first.kill9();
            }

            GranaryProcess second = granary.start("crash-second", first.port(), data, postgres.url());
            api = granary.api(second);
            assertServed(api, "releases/app.bin", previous.length, Content.sha256(previous));
            assertAbsent(api, "releases/new.bin");

            HttpResponse<String> retryOverwrite = api.put(REPO, "releases/app.bin", next, Content.sha256(next));
            assertThat(retryOverwrite.statusCode()).as(retryOverwrite.body()).isIn(200, 201);
            HttpResponse<String> retryNew = api.put(REPO, "releases/new.bin", fresh, Content.sha256(fresh));
            assertThat(retryNew.statusCode()).as(retryNew.body()).isEqualTo(201);
            assertServed(api, "releases/app.bin", next.length, Content.sha256(next));
            assertServed(api, "releases/new.bin", fresh.length, Content.sha256(fresh));
        }
    }
}
