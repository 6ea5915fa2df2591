package io.granary.registry.http;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

/**
 * What to do with the body of a request that was answered without reading it (refused, or failed
 * part-way). Closing at once would make the kernel reset the connection while unread bytes wait,
 * and a reset can destroy the error response before the client reads it. So, like nginx's
 * lingering close, the rest of the body is read and dropped, up to a bound in bytes and time, and
 * only a client that keeps sending beyond that is cut off.
 */
public final class RefusedBody {

    /** Bytes read and dropped before giving up on a client that keeps sending. */
    static final long LINGER_BYTES = 8L * 1024 * 1024;
    /** Time allowed for the rest of the body to arrive. */
    static final long LINGER_MILLIS = 5_000;

    private RefusedBody() {
    }

    /** Drops whatever the request still sends; call once the response is written. */
    public static void discard(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        if (request.isEnded()) {
            return;
        }
        long[] dropped = {0};
        long timer = ctx.vertx().setTimer(LINGER_MILLIS, id -> close(request));
        request.handler(buffer -> {
            dropped[0] += buffer.length();
            if (dropped[0] > LINGER_BYTES) {
                ctx.vertx().cancelTimer(timer);
                close(request);
            }
        });
        request.endHandler(v -> ctx.vertx().cancelTimer(timer));
        request.exceptionHandler(e -> ctx.vertx().cancelTimer(timer));
        request.resume();
    }

    private static void close(HttpServerRequest request) {
        if (!request.isEnded()) {
            request.connection().close();
        }
    }
}
