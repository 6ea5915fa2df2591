package io.granary.registry.http;

import io.granary.api.v1alpha1.repository.RepositoryFormat;
import io.granary.api.v1alpha1.repository.RepositoryType;
import io.granary.registry.catalog.RepositoryCatalog;
import io.granary.registry.catalog.RepositoryDefinition;
import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The first step of every format's routes, {@code /<format>/<repository>/<rest>}: gives the request
 * its id, holds its body until the caller is admitted, and finds the hosted repository of that format.
 */
public final class RepositoryRoute {

    /** A hosted repository of the route's format and the still-encoded rest of the path after it. */
    public record Target(RepositoryDefinition repository, String rawPath) {
    }

    private static final Pattern REPOSITORY_NAME = Pattern.compile("[a-z0-9]([a-z0-9._-]{0,62}[a-z0-9])?");

    private RepositoryRoute() {
    }

    /** The target, or null when the request was answered (bad name, unknown repository, kind not served). */
    public static Target resolve(RoutingContext ctx, String prefix, RepositoryFormat format, RepositoryCatalog catalog,
                                 ErrorWriter errors) {
        VertxContextSafetyToggle.setCurrentContextSafe(true);
        RequestIds.assign(ctx);
        // Keep the body until the caller is admitted; the upload handlers resume it.
        ctx.request().pause();
        String raw = ctx.request().path().substring(prefix.length());
        int slash = raw.indexOf('/');
        String name = slash < 0 ? raw : raw.substring(0, slash);
        if (!REPOSITORY_NAME.matcher(name).matches()) {
            errors.write(ctx, 400, "NAME_INVALID", "invalid repository name");
            return null;
        }
        RepositoryDefinition repository = catalog.find(name).orElse(null);
        if (repository == null || repository.format() != format) {
            errors.write(ctx, 404, "REPOSITORY_UNKNOWN", "no " + format.wireName() + " repository named " + name);
            return null;
        }
        if (repository.type() != RepositoryType.HOSTED) {
            errors.write(ctx, 501, "UNSUPPORTED", repository.type().name().toLowerCase(Locale.ROOT) + " "
                    + format.wireName() + " repositories are not served yet");
            return null;
        }
        return new Target(repository, slash < 0 ? "" : raw.substring(slash + 1));
    }
}
