package io.granary.registry.generic;

import io.granary.registry.core.HostedAssets;
import io.granary.registry.http.StoredAssetResponder;
import jakarta.enterprise.context.ApplicationScoped;

/** GET and HEAD of a file (served by {@link StoredAssetResponder}) or of a folder (a listing). */
@ApplicationScoped
class GenericDownloadHandler {

    private final HostedAssets assets;
    private final GenericListingHandler listing;
    private final StoredAssetResponder responder;

    GenericDownloadHandler(HostedAssets assets, GenericListingHandler listing, StoredAssetResponder responder) {
        this.assets = assets;
        this.listing = listing;
        this.responder = responder;
    }

    void handle(GenericRequest request) {
        if (request.path().isEmpty() || request.path().endsWith("/")) {
            listing.handle(request, request.path());
            return;
        }
        assets.find(request.repository(), request.path()).subscribe().with(asset -> {
            if (asset == null) {
                // A path without a trailing slash may name a folder; answer with its listing if it has children.
                listing.handleIfFolder(request, request.path() + "/");
                return;
            }
            responder.serve(request.ctx(), asset, GenericRoutes::reject);
        }, failure -> GenericRoutes.fail(request.ctx(), failure));
    }
}
