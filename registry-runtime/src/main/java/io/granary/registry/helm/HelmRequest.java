package io.granary.registry.helm;

import io.granary.registry.auth.Principal;
import io.granary.registry.catalog.RepositoryDefinition;
import io.granary.registry.http.AccessGate;
import io.granary.registry.http.RequestIds;
import io.vertx.ext.web.RoutingContext;

/** One admitted request to a Helm repository; {@code rest} is the path after {@code /helm/<repo>/}. */
record HelmRequest(RoutingContext ctx, RepositoryDefinition repository, String rest, Principal principal) {

    String requestId() {
        return RequestIds.of(ctx);
    }

    String remote() {
        return AccessGate.remote(ctx);
    }
}
