package io.granary.registry.pypi;

import io.granary.registry.http.JsonErrors;
import io.granary.registry.http.RefusedBody;
import io.granary.registry.http.RequestIds;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;

/**
 * PyPI errors as the clients show them: a plain-text body, and the message also as the HTTP reason
 * phrase, which is what twine prints ("400 File already exists ...").
 */
final class PypiErrors {

    private PypiErrors() {
    }

    /** An {@link io.granary.registry.http.ErrorWriter}: the code is left out, the message is the text. */
    static Future<Void> write(RoutingContext ctx, int status, String code, String message) {
        Future<Void> late = JsonErrors.tooLate(ctx);
        if (late != null) {
            return late;
        }
        var response = ctx.response();
        String reason = message.replaceAll("[^\\x20-\\x7e]", "?");
        if (reason.length() > 300) {
            reason = reason.substring(0, 300);
        }
        return response.setStatusCode(status)
                .setStatusMessage(reason)
                .putHeader("Content-Type", "text/plain; charset=utf-8")
                .end(message + "\n(request id " + RequestIds.of(ctx) + ")\n");
    }

    /** Answers and drops what is left of a refused body within a bound. */
    static Future<Void> reject(RoutingContext ctx, int status, String message) {
        return write(ctx, status, null, message).onComplete(v -> RefusedBody.discard(ctx));
    }
}
