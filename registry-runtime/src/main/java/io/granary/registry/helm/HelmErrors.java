package io.granary.registry.helm;

import io.granary.registry.http.JsonErrors;
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
        Future<Void> late = JsonErrors.tooLate(ctx);
        if (late != null) {
            return late;
        }
        var response = ctx.response();
        return response.setStatusCode(status).putHeader("Content-Type", "application/json")
                .end(new JsonObject().put("error", message).put("requestId", RequestIds.of(ctx)).encode());
    }

    static Future<Void> reject(RoutingContext ctx, int status, String message) {
        return write(ctx, status, null, message).onComplete(v -> RefusedBody.discard(ctx));
    }
}
