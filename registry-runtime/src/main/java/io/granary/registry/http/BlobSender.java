package io.granary.registry.http;

import io.granary.registry.storage.BlobContent;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.net.SocketAddress;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Writes opened blob content to a response. A local file goes zero-copy ({@code sendFile}) or
 * through {@link FileCopySend}, as {@link HttpConfig#blobSend()} decides for the client; content of
 * other stores is copied by a worker that respects the response's back-pressure.
 */
@ApplicationScoped
public class BlobSender {

    private static final int CHUNK = 256 * 1024;
    private static final long DRAIN_TIMEOUT_SECONDS = 120;
    private static final Pattern IPV4_LITERAL = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private final HttpConfig.BlobSend mode;
    private final SendBuffers buffers;

    BlobSender(HttpConfig config, SendBuffers buffers) {
        this.mode = config.blobSend();
        this.buffers = buffers;
    }

    /** Sends the content as the body of {@code request}'s response; status and headers must already be set. */
    public Future<Void> send(Context context, HttpServerRequest request, BlobContent content) {
        HttpServerResponse response = request.response();
        if (content.localFile().isPresent()) {
            Path file = content.localFile().get();
            // The socket's peer, not a forwarded client address: it is the one that receives the bytes.
            if (copies(request.connection().remoteAddress())) {
                return FileCopySend.send(context, response, buffers, file, content.offset(), content.length());
            }
            return response.sendFile(file.toString(), content.offset(), content.length());
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

    private boolean copies(SocketAddress client) {
        return switch (mode) {
            case COPY -> true;
            case SENDFILE -> false;
            case AUTO -> isLoopback(client);
        };
    }

    /** Whether the peer is an IP loopback address (127.0.0.0/8, ::1); anything else, or no address, is not. */
    static boolean isLoopback(SocketAddress client) {
        if (client == null || !client.isInetSocket() || client.hostAddress() == null) {
            return false;
        }
        String host = client.hostAddress();
        // Only IP literals reach InetAddress, which then parses without a name lookup.
        if (!IPV4_LITERAL.matcher(host).matches() && host.indexOf(':') < 0) {
            return false;
        }
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
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
