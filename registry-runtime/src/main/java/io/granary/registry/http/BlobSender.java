package io.granary.registry.http;

import io.granary.registry.storage.BlobContent;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.io.InputStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Writes opened blob content to a response: zero-copy {@code sendFile} when the store has a local
 * file, otherwise a blocking copy on a worker that respects the response's back-pressure.
 */
public final class BlobSender {

    private static final int CHUNK = 256 * 1024;
    private static final long DRAIN_TIMEOUT_SECONDS = 120;

    private BlobSender() {
    }

    /** Sends the content as the body; status and headers must already be set. */
    public static Future<Void> send(Context context, HttpServerResponse response, BlobContent content) {
        if (content.localFile().isPresent()) {
            return response.sendFile(content.localFile().get().toString(), content.offset(), content.length());
        }
        response.putHeader("Content-Length", Long.toString(content.length()));
        return context.executeBlocking(() -> {
            try (InputStream in = content.stream()) {
                byte[] chunk = new byte[CHUNK];
                int n;
                while ((n = in.read(chunk)) > 0) {
                    if (response.closed()) {
                        return null;
                    }
                    response.write(Buffer.buffer(n).appendBytes(chunk, 0, n));
                    awaitDrain(response);
                }
            }
            response.end();
            return null;
        }, false);
    }

    private static void awaitDrain(HttpServerResponse response) throws Exception {
        if (!response.writeQueueFull()) {
            return;
        }
        CompletableFuture<Void> drained = new CompletableFuture<>();
        response.drainHandler(v -> drained.complete(null));
        response.closeHandler(v -> drained.complete(null));
        if (response.writeQueueFull()) {
            drained.get(DRAIN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }
    }
}
