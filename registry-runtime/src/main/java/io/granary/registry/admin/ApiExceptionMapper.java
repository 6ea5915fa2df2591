package io.granary.registry.admin;

import io.granary.registry.http.RequestIds;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Renders admin API errors in the same JSON shape as the generic protocol's. */
public class ApiExceptionMapper {

    @ServerExceptionMapper
    public Response map(ApiException e, RoutingContext ctx) {
        var builder = Response.status(e.status()).type("application/json");
        if (e.status() == 401) {
            builder.header("WWW-Authenticate", "Bearer realm=\"Granary\"");
        }
        return builder.entity(new JsonObject()
                        .put("errors", new JsonArray().add(new JsonObject()
                                .put("status", e.status()).put("code", e.code()).put("message", e.getMessage())))
                        .put("requestId", RequestIds.assign(ctx))
                        .encode())
                .build();
    }
}
