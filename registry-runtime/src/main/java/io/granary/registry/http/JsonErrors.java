package io.granary.registry.http;

import io.vertx.core.Future;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * Error bodies for the JSON-speaking endpoints (generic files, admin API):
 * {@code {"errors":[{"status":..,"code":..,"message":..}],"requestId":..}}. Messages are written for
 * people and never carry secrets or stack traces.
 */
public final class JsonErrors {

    private JsonErrors() {
    }

    /** Sends the error; the future completes when it has been written. */
    public static Future<Void> send(RoutingContext ctx, int status, String code, String message) {
        Future<Void> late = tooLate(ctx);
        if (late != null) {
            return late;
        }
        HttpServerResponse response = ctx.response();
        JsonObject body = new JsonObject()
                .put("errors", new JsonArray().add(new JsonObject()
                        .put("status", status)
                        .put("code", code)
                        .put("message", message)))
                .put("requestId", RequestIds.of(ctx));
        return response.setStatusCode(status)
                .putHeader("Content-Type", "application/json")
                .end(body.encode());
    }

    /**
     * For every error writer: null while an error can still be sent; else what to return instead
     * (nothing when the response is done, a closed connection when its body already started, the
     * only honest signal left).
     */
    public static Future<Void> tooLate(RoutingContext ctx) {
        HttpServerResponse response = ctx.response();
        if (response.ended() || response.closed()) {
            return Future.succeededFuture();
        }
        return response.headWritten() ? ctx.request().connection().close() : null;
    }
}
