package io.granary.registry.pypi;

import io.granary.registry.auth.Principal;
import io.granary.registry.catalog.RepositoryDefinition;
import io.granary.registry.http.AccessGate;
import io.granary.registry.http.RequestIds;
import io.vertx.ext.web.RoutingContext;

/** One admitted request to a PyPI repository; {@code rest} is the path after {@code /pypi/<repo>/}. */
record PypiRequest(RoutingContext ctx, RepositoryDefinition repository, String rest, Principal principal) {

    String requestId() {
        return RequestIds.of(ctx);
    }

    String remote() {
        return AccessGate.remote(ctx);
    }

    /** Absolute URL of a path below this repository, so credentials and host apply to file links. */
    String url(String below) {
        return ctx.request().scheme() + "://" + ctx.request().authority() + PypiRoutes.PREFIX + repository.name() + "/" + below;
    }
}
