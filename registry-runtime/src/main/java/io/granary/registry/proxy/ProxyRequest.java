package io.granary.registry.proxy;

import io.granary.registry.catalog.RepositoryDefinition;
import io.granary.registry.http.ErrorWriter;
import io.vertx.ext.web.RoutingContext;

/** An admitted read of a proxy repository: the path after {@code <prefix><repository>/} and the format's error writer. */
public record ProxyRequest(RoutingContext ctx, RepositoryDefinition repository, Upstream upstream, String rest,
                           ErrorWriter errors) {

    /** The absolute URL of this repository on this Granary, ending in '/', as clients reached it. */
    public String repositoryUrl(String prefix) {
        return ctx.request().scheme() + "://" + ctx.request().authority() + prefix + repository.name() + "/";
    }

    public void notFound(String what) {
        errors.write(ctx, 404, "NOT_FOUND", "not found: " + what);
    }
}
