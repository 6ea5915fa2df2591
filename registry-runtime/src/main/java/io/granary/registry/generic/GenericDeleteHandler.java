package io.granary.registry.generic;

import io.granary.registry.audit.AuditEntry;
import io.granary.registry.audit.AuditLog;
import io.granary.registry.core.HostedAssets;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * DELETE of a file. The bytes stay in the blob store until garbage collection finds them
 * unreferenced; in an immutable repository only an admin may delete (the router asks for it).
 */
@ApplicationScoped
class GenericDeleteHandler {

    private final HostedAssets assets;
    private final AuditLog audit;

    GenericDeleteHandler(HostedAssets assets, AuditLog audit) {
        this.assets = assets;
        this.audit = audit;
    }

    void handle(GenericRequest request) {
        assets.delete(request.repository(), request.path())
                .call(gone -> gone == null ? io.smallrye.mutiny.Uni.createFrom().voidItem()
                        : audit.record(new AuditEntry(request.requestId(), request.principal().name(), "delete",
                                request.repository().name(), request.path(), AuditEntry.ALLOWED, 204,
                                "sha256:" + gone.sha256(), request.remote())))
                .subscribe().with(gone -> {
                    if (gone == null) {
                        GenericRoutes.reject(request.ctx(), 404, "NOT_FOUND",
                                "nothing at " + request.repository().name() + "/" + request.path());
                    } else {
                        request.ctx().response().setStatusCode(204).end();
                    }
                }, failure -> GenericRoutes.fail(request.ctx(), failure));
    }
}
