package io.granary.registry.http;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Locale;

/**
 * Refuses, before any routing, request paths that try to climb directories. The router matches on
 * a normalised path, so {@code /generic/r/../../x} would otherwise be routed as {@code /x}; no
 * client of any protocol Granary speaks sends dot segments, backslashes or NUL on purpose.
 */
@ApplicationScoped
public class PathGuard {

    void register(@Observes Router router) {
        router.route().order(-1000).handler(this::check);
    }

    void check(RoutingContext ctx) {
        String raw = ctx.request().path();
        if (raw == null || suspicious(raw)) {
            RequestIds.assign(ctx);
            // OCI clients know the spec's codes only; for them a climbing path is an invalid name.
            String code = raw != null && raw.startsWith("/v2/") ? "NAME_INVALID" : "PATH_INVALID";
            JsonErrors.send(ctx, 400, code, "path must not contain dot segments, backslashes or NUL")
                    .onComplete(v -> RefusedBody.discard(ctx));
            return;
        }
        ctx.next();
    }

    static boolean suspicious(String raw) {
        String lower = raw.toLowerCase(Locale.ROOT);
        if (lower.contains("%00") || lower.indexOf('\0') >= 0 || lower.contains("\\") || lower.contains("%5c")) {
            return true;
        }
        String decodedDots = lower.replace("%2e", ".");
        for (String segment : decodedDots.split("/", -1)) {
            String bare = segment.contains(";") ? segment.substring(0, segment.indexOf(';')) : segment;
            if (bare.equals(".") || bare.equals("..")) {
                return true;
            }
        }
        return false;
    }
}
