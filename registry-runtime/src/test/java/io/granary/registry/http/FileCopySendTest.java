package io.granary.registry.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link FileCopySend} on a plain Vert.x server: every send completes, whoever ends the response. */
class FileCopySendTest {

    private final Vertx vertx = Vertx.vertx();
    private final SendBuffers buffers = new SendBuffers(new SimpleMeterRegistry());

    @AfterEach
    void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /**
     * A response that something else ended before the send's last step, as an HTTP/2 stream reset
     * does, fails the send instead of leaving it (and its open file) pending with an exception
     * thrown on the event loop.
     */
    @Test
    void aResponseEndedElsewhereFailsTheSendAndReleasesEverything(@TempDir Path dir) throws Exception {
        Path file = Files.write(dir.resolve("blob"), new byte[0]);
        CompletableFuture<Throwable> outcome = new CompletableFuture<>();
        HttpServer server = vertx.createHttpServer().requestHandler(request -> {
            Future<Void> send = FileCopySend.send(vertx.getOrCreateContext(), request.response(), buffers, file, 0, 0);
            // The send's pump runs on a later turn of the loop; the response is over before it.
            request.response().end();
            send.onComplete(ar -> outcome.complete(ar.cause()));
        });
        int port = server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture()
                .get(10, TimeUnit.SECONDS).actualPort();

        HttpResponse<byte[]> response = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                .send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).build(),
                        HttpResponse.BodyHandlers.ofByteArray());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(outcome.get(10, TimeUnit.SECONDS)).isInstanceOf(IllegalStateException.class);
        assertThat(buffers.inUse()).isZero();
    }
}
