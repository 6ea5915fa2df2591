package io.granary.registry.npm;

import io.granary.registry.auth.Principal;
import io.granary.registry.catalog.RepositoryDefinition;
import io.granary.registry.http.AccessGate;
import io.granary.registry.http.RequestIds;
import io.vertx.ext.web.RoutingContext;

/** One admitted request to an npm repository: who, which repository, and what it names. */
record NpmRequest(RoutingContext ctx, RepositoryDefinition repository, NpmTarget target, Principal principal) {

    NpmPackageName pkg() {
        return target.pkg();
    }

    String requestId() {
        return RequestIds.of(ctx);
    }

    String remote() {
        return AccessGate.remote(ctx);
    }

    /** The registry URL of this repository as the client reached it, ending in '/'. */
    String registryUrl() {
        return NpmRoutes.registryUrl(ctx, repository);
    }

    /** Answers with a JSON document. */
    void json(int status, String body) {
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body);
    }

    void error(int status, String code, String message) {
        NpmErrors.write(ctx, status, code, message);
    }

    void fail(Throwable failure) {
        NpmErrors.fail(ctx, failure);
    }
}
