package io.granary.registry.http;

import io.vertx.ext.web.RoutingContext;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jboss.logging.MDC;

/**
 * Gives every request an id (the client's {@code X-Request-Id} when it is sane, else a new one),
 * echoes it in the response and puts it in the logging context so JSON log lines carry it.
 */
public final class RequestIds {

    public static final String HEADER = "X-Request-Id";
    private static final String KEY = "granary.requestId";
    private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private RequestIds() {
    }

    /** Assigns the id once per request and returns it. */
    public static String assign(RoutingContext ctx) {
        String existing = ctx.get(KEY);
        if (existing != null) {
            return existing;
        }
        String offered = ctx.request().getHeader(HEADER);
        String id = offered != null && SANE.matcher(offered).matches() ? offered : newId();
        ctx.put(KEY, id);
        ctx.response().putHeader(HEADER, id);
        MDC.put("requestId", id);
        return id;
    }

    /** A random UUID-shaped id; correlation needs uniqueness, not secrecy, so no SecureRandom per request. */
    private static String newId() {
        var random = java.util.concurrent.ThreadLocalRandom.current();
        return new UUID(random.nextLong(), random.nextLong()).toString();
    }

    /** The id assigned to this request, or null before {@link #assign}. */
    public static String of(RoutingContext ctx) {
        return ctx.get(KEY);
    }
}
