package io.granary.registry.generic;

import io.granary.registry.auth.Principal;
import io.granary.registry.catalog.RepositoryDefinition;
import io.granary.registry.http.AccessGate;
import io.granary.registry.http.RequestIds;
import io.vertx.ext.web.RoutingContext;

/** One admitted request to a generic repository: who, where, and the validated asset path. */
record GenericRequest(RoutingContext ctx, RepositoryDefinition repository, String path, Principal principal) {

    String requestId() {
        return RequestIds.of(ctx);
    }

    String remote() {
        return AccessGate.remote(ctx);
    }

    /** The absolute URL of an asset of this repository, for responses that point at it. */
    String urlOf(String assetPath) {
        return ctx.request().scheme() + "://" + ctx.request().authority() + GenericRoutes.PREFIX
                + repository.name() + "/" + assetPath;
    }
}
