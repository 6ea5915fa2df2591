package io.granary.registry.http;

import io.granary.registry.metadata.BlobSweptException;
import io.vertx.ext.web.RoutingContext;
import org.jboss.logging.Logger;

/**
 * Failures that are nobody's bug and pass when the client sends the request again: answered {@code 503}
 * with {@code Retry-After} in the protocol's own error format, where they would otherwise be a 500.
 * Today that is a write whose blob garbage collection swept between the bytes' commit and the metadata
 * row ({@link BlobSweptException}); the repeated request stores the bytes anew. Every protocol's
 * catch-all failure handler asks here first, so a new write path is covered without its own mapping.
 */
public final class RetryableFailures {

    private static final Logger LOG = Logger.getLogger(RetryableFailures.class);
    /** Seconds a client waits before repeating: a sweep holds its rows for one batch, well under this. */
    static final String RETRY_AFTER_SECONDS = "1";

    private RetryableFailures() {
    }

    /** Answers the failure with 503 and Retry-After through {@code errors} if it is retryable; false otherwise. */
    public static boolean answered(RoutingContext ctx, Throwable failure, ErrorWriter errors) {
        BlobSweptException swept = Causes.find(failure, BlobSweptException.class);
        if (swept != null) {
            LOG.warnf("Request %s %s (request id %s): %s", ctx.request().method(), ctx.request().path(),
                    RequestIds.of(ctx), swept.getMessage());
            if (!ctx.response().headWritten()) {
                ctx.response().putHeader("Retry-After", RETRY_AFTER_SECONDS);
            }
            errors.write(ctx, 503, "UNAVAILABLE", swept.getMessage());
            return true;
        }
        return false;
    }
}
