package io.granary.registry.npm;

import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

/**
 * Reads a JSON request body whole, at most {@code limit} bytes: npm sends documents (a publish
 * carries its tarball base64-encoded inside), which must be parsed whole. A body announced or
 * growing beyond the limit fails with {@link TooLarge} before more is read.
 */
final class NpmBody {

    /** The body exceeds the limit; nothing was kept. */
    static final class TooLarge extends RuntimeException {
        TooLarge(long limit) {
            super("request body larger than " + limit + " bytes", null, false, false);
        }
    }

    private NpmBody() {
    }

    static Uni<Buffer> read(RoutingContext ctx, long limit) {
        HttpServerRequest request = ctx.request();
        String length = request.getHeader("Content-Length");
        try {
            if (length != null && Long.parseLong(length.strip()) > limit) {
                return Uni.createFrom().failure(new TooLarge(limit));
            }
        } catch (NumberFormatException e) {
            return Uni.createFrom().failure(new IllegalArgumentException("invalid Content-Length"));
        }
        return Uni.createFrom().emitter(emitter -> {
            Buffer body = Buffer.buffer();
            boolean[] done = {false};
            request.handler(chunk -> {
                if (done[0]) {
                    return;
                }
                if (body.length() + (long) chunk.length() > limit) {
                    done[0] = true;
                    emitter.fail(new TooLarge(limit));
                    return;
                }
                body.appendBuffer(chunk);
            });
            request.endHandler(v -> {
                if (!done[0]) {
                    done[0] = true;
                    emitter.complete(body);
                }
            });
            request.exceptionHandler(e -> {
                if (!done[0]) {
                    done[0] = true;
                    emitter.fail(e);
                }
            });
            if ("100-continue".equalsIgnoreCase(request.getHeader("Expect"))) {
                ctx.response().writeContinue();
            }
            request.resume();
        });
    }
}
