package io.granary.registry.http;

import io.vertx.ext.web.RoutingContext;

/** Writes an error in a protocol's own format (JSON errors, OCI errors, plain text...). */
@FunctionalInterface
public interface ErrorWriter {
    io.vertx.core.Future<Void> write(RoutingContext ctx, int status, String code, String message);
}
