package io.granary.registry.helm;

import io.granary.registry.http.RefusedBody;
import io.granary.registry.http.RequestIds;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Errors as ChartMuseum writes them ({@code {"error": "..."}}), which helm plugins and scripts show. */
final class HelmErrors {

    private HelmErrors() {
    }

    /** An {@link io.granary.registry.http.ErrorWriter}. */
    static Future<Void> write(RoutingContext ctx, int status, String code, String message) {
        var response = ctx.response();
        if (response.ended() || response.closed()) {
            return Future.succeededFuture();
        }
        if (response.headWritten()) {
            return ctx.request().connection().close();
        }
        return response.setStatusCode(status).putHeader("Content-Type", "application/json")
                .end(new JsonObject().put("error", message).put("requestId", RequestIds.of(ctx)).encode());
    }

    static Future<Void> reject(RoutingContext ctx, int status, String message) {
        return write(ctx, status, null, message).onComplete(v -> RefusedBody.discard(ctx));
    }
}
