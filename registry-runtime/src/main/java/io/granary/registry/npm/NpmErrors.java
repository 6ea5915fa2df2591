package io.granary.registry.npm;

import io.granary.registry.http.RetryableFailures;
import io.granary.registry.http.RefusedBody;
import io.granary.registry.http.RequestIds;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.jboss.logging.Logger;

/**
 * Errors as the npm CLI reads them: {@code {"error": "..."}} with the status that says what went
 * wrong. An unread request body is dropped within bounds (see {@link RefusedBody}).
 */
final class NpmErrors {

    private static final Logger LOG = Logger.getLogger(NpmErrors.class);
    private static final java.util.List<String> SECRET_PATHS = java.util.List.of("/-/user/token/", "/-/v1/done/");

    private NpmErrors() {
    }

    /** An {@link io.granary.registry.http.ErrorWriter}: the code is for logs, npm shows the message. */
    static Future<Void> write(RoutingContext ctx, int status, String code, String message) {
        HttpServerResponse response = ctx.response();
        if (response.ended() || response.closed()) {
            return Future.succeededFuture();
        }
        if (response.headWritten()) {
            return ctx.request().connection().close();
        }
        LOG.debugf("%s %s → %d %s: %s", ctx.request().method(), loggedPath(ctx), status, code, message);
        return response.setStatusCode(status)
                .putHeader("Content-Type", "application/json")
                .end(new JsonObject().put("error", message).encode())
                .onComplete(v -> RefusedBody.discard(ctx));
    }

    /** The request path without the secrets npm puts in some (logout's token, web login's done secret). */
    static String loggedPath(RoutingContext ctx) {
        return redacted(ctx.request().path());
    }

    static String redacted(String path) {
        for (String secretAfter : SECRET_PATHS) {
            int at = path.indexOf(secretAfter);
            if (at >= 0) {
                return path.substring(0, at + secretAfter.length()) + "<redacted>";
            }
        }
        return path;
    }

    /** Unexpected failures: logged with the request id, answered without internals. */
    static void fail(RoutingContext ctx, Throwable failure) {
        if (RetryableFailures.answered(ctx, failure, NpmErrors::write)) {
            return;
        }
        LOG.errorf(failure, "Request %s %s failed", ctx.request().method(), loggedPath(ctx));
        write(ctx, 500, "INTERNAL", "internal error (request id " + RequestIds.of(ctx) + ")");
    }
}
