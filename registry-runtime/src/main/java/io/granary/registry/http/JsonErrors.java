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
        HttpServerResponse response = ctx.response();
        if (response.ended() || response.closed()) {
            return Future.succeededFuture();
        }
        if (response.headWritten()) {
            // The body already started: the only honest signal left is to cut the connection.
            return ctx.request().connection().close();
        }
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
}
