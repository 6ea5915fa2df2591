package io.granary.registry.npm;

import io.granary.registry.core.HostedAssets;
import io.granary.registry.http.StoredAssetResponder;
import jakarta.enterprise.context.ApplicationScoped;

/** GET and HEAD of a tarball at {@code /<pkg>/-/<file>.tgz}, served by {@link StoredAssetResponder}. */
@ApplicationScoped
class NpmTarballHandler {

    private final HostedAssets assets;
    private final StoredAssetResponder responder;

    NpmTarballHandler(HostedAssets assets, StoredAssetResponder responder) {
        this.assets = assets;
        this.responder = responder;
    }

    void handle(NpmRequest request) {
        String file = request.target().detail();
        if (!file.endsWith(".tgz") || file.indexOf('/') >= 0) {
            request.error(404, "NOT_FOUND", "Not found");
            return;
        }
        assets.find(request.repository(), request.pkg().full() + "/-/" + file).subscribe().with(asset -> {
            if (asset == null) {
                request.error(404, "NOT_FOUND", "Not found: " + request.pkg().full() + "/-/" + file);
                return;
            }
            responder.serve(request.ctx(), asset, NpmErrors::write);
        }, request::fail);
    }
}
