package io.granary.registry.oci;

import io.granary.registry.http.RetryableFailures;
import io.granary.registry.http.RefusedBody;
import io.granary.registry.http.RequestIds;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.jboss.logging.Logger;

/**
 * Error bodies of the OCI Distribution spec (§Error Codes): {@code {"errors":[{"code","message","detail"}]}}.
 * A refused request may still be sending its body; the rest is dropped within a bound.
 */
final class OciErrors {

    static final String BLOB_UNKNOWN = "BLOB_UNKNOWN";
    static final String BLOB_UPLOAD_INVALID = "BLOB_UPLOAD_INVALID";
    static final String BLOB_UPLOAD_UNKNOWN = "BLOB_UPLOAD_UNKNOWN";
    static final String DIGEST_INVALID = "DIGEST_INVALID";
    static final String MANIFEST_BLOB_UNKNOWN = "MANIFEST_BLOB_UNKNOWN";
    static final String MANIFEST_INVALID = "MANIFEST_INVALID";
    static final String MANIFEST_UNKNOWN = "MANIFEST_UNKNOWN";
    static final String NAME_INVALID = "NAME_INVALID";
    static final String NAME_UNKNOWN = "NAME_UNKNOWN";
    static final String SIZE_INVALID = "SIZE_INVALID";
    static final String UNAUTHORIZED = "UNAUTHORIZED";
    static final String DENIED = "DENIED";
    static final String UNSUPPORTED = "UNSUPPORTED";
    static final String TAG_INVALID = "TAG_INVALID";
    static final String PAGINATION_NUMBER_INVALID = "PAGINATION_NUMBER_INVALID";

    private static final Logger LOG = Logger.getLogger(OciErrors.class);

    private OciErrors() {
    }

    static Future<Void> send(RoutingContext ctx, int status, String code, String message) {
        HttpServerResponse response = ctx.response();
        if (response.ended() || response.closed()) {
            return Future.succeededFuture();
        }
        if (response.headWritten()) {
            return ctx.request().connection().close();
        }
        JsonObject error = new JsonObject().put("code", code).put("message", message)
                .put("detail", new JsonObject().put("requestId", RequestIds.of(ctx)));
        return response.setStatusCode(status)
                .putHeader("Content-Type", "application/json")
                .end(new JsonObject().put("errors", new JsonArray().add(error)).encode())
                .onComplete(v -> RefusedBody.discard(ctx));
    }

    /** Unexpected failures: logged with the request id, answered without internals. */
    static void fail(RoutingContext ctx, Throwable failure) {
        if (RetryableFailures.answered(ctx, failure, OciErrors::send)) {
            return;
        }
        LOG.errorf(failure, "Request %s %s failed", ctx.request().method(), ctx.request().path());
        send(ctx, 500, "UNKNOWN", "internal error (request id " + RequestIds.of(ctx) + ")");
    }
}
