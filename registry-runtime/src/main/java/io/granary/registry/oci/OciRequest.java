package io.granary.registry.oci;

import io.granary.registry.catalog.RepositoryDefinition;
import io.granary.registry.http.AccessGate;
import io.granary.registry.http.RequestIds;
import io.vertx.ext.web.RoutingContext;

/** One admitted request to an image: the Granary repository, the parsed name and the caller. */
record OciRequest(RoutingContext ctx, RepositoryDefinition repository, OciName name, OciAccess.Caller caller) {

    String image() {
        return name.image();
    }

    String actor() {
        return caller.principal().name();
    }

    String requestId() {
        return RequestIds.of(ctx);
    }

    String remote() {
        return AccessGate.remote(ctx);
    }

    /** Path of a resource of this image, e.g. {@code blobs/sha256:…}. */
    String pathOf(String resource) {
        return "/v2/" + name.name() + "/" + resource;
    }
}
