package io.granary.registry.http;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;

/**
 * Reads a request body that is small by nature (a checksum, a metadata file) into memory, refusing
 * it as soon as it grows past a bound, so a hostile client cannot make the server buffer more.
 */
public final class SmallBody {

    private SmallBody() {
    }

    /** The whole body, or a failure with {@link RequestBodyPump.TooLarge} beyond {@code maxBytes}. */
    public static Future<Buffer> read(HttpServerRequest request, int maxBytes) {
        Promise<Buffer> done = Promise.promise();
        String announced = request.getHeader("Content-Length");
        if (announced != null) {
            try {
                if (Long.parseLong(announced.strip()) > maxBytes) {
                    return Future.failedFuture(new RequestBodyPump.TooLarge(maxBytes));
                }
            } catch (NumberFormatException e) {
                return Future.failedFuture(new IllegalArgumentException("invalid Content-Length"));
            }
        }
        Buffer body = Buffer.buffer();
        request.handler(chunk -> {
            if (done.future().isComplete()) {
                return;
            }
            if (body.length() + chunk.length() > maxBytes) {
                request.handler(null);
                done.tryFail(new RequestBodyPump.TooLarge(maxBytes));
                return;
            }
            body.appendBuffer(chunk);
        });
        request.exceptionHandler(done::tryFail);
        request.endHandler(v -> done.tryComplete(body));
        if ("100-continue".equalsIgnoreCase(request.getHeader("Expect"))) {
            request.response().writeContinue();
        }
        request.resume();
        return done.future();
    }
}
