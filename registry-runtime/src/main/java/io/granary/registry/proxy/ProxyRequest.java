package io.granary.registry.proxy;

import io.granary.registry.catalog.RepositoryDefinition;
import io.granary.registry.core.AssetPath;
import io.granary.registry.core.InvalidPathException;
import io.granary.registry.http.ErrorWriter;
import io.vertx.ext.web.RoutingContext;

/** An admitted read of a proxy repository: the path after {@code <prefix><repository>/} and the format's error writer. */
public record ProxyRequest(RoutingContext ctx, RepositoryDefinition repository, Upstream upstream, String rest,
                           ErrorWriter errors) {

    /** The absolute URL of this repository on this Granary, ending in '/', as clients reached it. */
    public String repositoryUrl(String prefix) {
        return ctx.request().scheme() + "://" + ctx.request().authority() + prefix + repository.name() + "/";
    }

    /**
     * The request's path as a file path of the repository (validated, decoded), or null once a 400
     * (invalid path) or 404 (a folder: proxies list nothing) has been answered.
     */
    public String filePath() {
        String path;
        try {
            path = AssetPath.parse(rest);
        } catch (InvalidPathException e) {
            errors.write(ctx, 400, "PATH_INVALID", e.getMessage());
            return null;
        }
        if (path.isEmpty() || path.endsWith("/")) {
            notFound("folder listings of a proxy repository");
            return null;
        }
        return path;
    }

    public void notFound(String what) {
        errors.write(ctx, 404, "NOT_FOUND", "not found: " + what);
    }
}
