package io.granary.registry.npm;

import io.granary.registry.http.SmallBody;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;

/**
 * Reads a JSON request body whole, at most {@code limit} bytes: npm sends documents (a publish
 * carries its tarball base64-encoded inside), which must be parsed whole. The shared
 * {@link SmallBody} does the reading; a body beyond the limit fails with
 * {@link io.granary.registry.http.RequestBodyPump.TooLarge} before more is read.
 */
final class NpmBody {

    private NpmBody() {
    }

    static Uni<Buffer> read(RoutingContext ctx, long limit) {
        int max = (int) Math.min(limit, Integer.MAX_VALUE - 8);
        return Uni.createFrom().completionStage(() -> SmallBody.read(ctx.request(), max).toCompletionStage());
    }
}
