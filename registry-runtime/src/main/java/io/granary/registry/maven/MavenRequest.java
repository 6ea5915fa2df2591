package io.granary.registry.maven;

import io.granary.registry.auth.Principal;
import io.granary.registry.catalog.RepositoryDefinition;
import io.granary.registry.http.AccessGate;
import io.granary.registry.http.RequestIds;
import io.vertx.ext.web.RoutingContext;

/** One admitted request to a Maven repository: who, where, and the parsed layout path. */
record MavenRequest(RoutingContext ctx, RepositoryDefinition repository, MavenPath path, Principal principal) {

    String requestId() {
        return RequestIds.of(ctx);
    }

    String remote() {
        return AccessGate.remote(ctx);
    }

    /** The repository and path, for messages. */
    String where() {
        return repository.name() + "/" + path.file();
    }
}
