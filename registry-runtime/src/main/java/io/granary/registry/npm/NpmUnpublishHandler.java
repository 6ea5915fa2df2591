package io.granary.registry.npm;

import io.granary.registry.audit.AuditEntry;
import io.granary.registry.audit.AuditLog;
import io.granary.registry.core.HostedPackages;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code npm unpublish}: DELETE of a whole package ({@code /<pkg>/-rev/<rev>}) and of one tarball
 * ({@code /<pkg>/-/<file>/-rev/<rev>}, which npm sends after leaving the version out of the
 * packument). Allowed only where {@link NpmUnpublishPolicy} says so. The bytes stay in the blob
 * store until garbage collection; no version or tarball remains visible.
 */
@ApplicationScoped
class NpmUnpublishHandler {

    private final HostedPackages packages;
    private final NpmPackumentCache cache;
    private final AuditLog audit;

    NpmUnpublishHandler(HostedPackages packages, NpmPackumentCache cache, AuditLog audit) {
        this.packages = packages;
        this.cache = cache;
        this.audit = audit;
    }

    void removePackage(NpmRequest request) {
        if (refused(request)) {
            return;
        }
        var pkg = request.pkg();
        packages.remove(request.repository(), pkg.scope(), pkg.name())
                .call(gone -> gone == null ? Uni.createFrom().voidItem()
                        : record(request, AuditEntry.ALLOWED, 200, "unpublished " + pkg.full() + " files " + gone))
                .subscribe().with(gone -> {
                    cache.invalidate(request.repository().name(), pkg.full());
                    if (gone == null) {
                        request.error(404, "NOT_FOUND", "Not found: " + pkg.full());
                    } else {
                        request.json(200, new JsonObject().put("ok", true).encode());
                    }
                }, failure -> NpmUnpublishPolicy.failed(request, audit, failure));
    }

    /** Removes the version whose tarball this is, if it is still there; answers ok when it is gone. */
    void removeTarball(NpmRequest request) {
        if (refused(request)) {
            return;
        }
        var pkg = request.pkg();
        String file = request.target().detail();
        packages.find(request.repository(), pkg.scope(), pkg.name()).chain(stored -> {
            if (stored == null) {
                return Uni.createFrom().item(List.<String>of());
            }
            var version = stored.versions().stream().filter(v -> pkg.tarballFile(v.version()).equals(file)).findFirst();
            if (version.isEmpty()) {
                return Uni.createFrom().item(List.<String>of());
            }
            return stored.versions().size() == 1
                    ? packages.remove(request.repository(), pkg.scope(), pkg.name())
                    : packages.revise(request.repository(), pkg.scope(), pkg.name(), Map.of(),
                            Set.of(version.get().version()), Map.of(), Set.of());
        }).call(gone -> gone == null || gone.isEmpty() ? Uni.createFrom().voidItem()
                        : record(request, AuditEntry.ALLOWED, 200, "unpublished " + gone))
                .subscribe().with(gone -> {
                    cache.invalidate(request.repository().name(), pkg.full());
                    request.json(200, new JsonObject().put("ok", true).encode());
                }, failure -> NpmUnpublishPolicy.failed(request, audit, failure));
    }

    private boolean refused(NpmRequest request) {
        String refusal = NpmUnpublishPolicy.refusal(request);
        if (refusal == null) {
            return false;
        }
        record(request, AuditEntry.DENIED, 403, refusal)
                .subscribe().with(v -> request.error(403, "UNPUBLISH_FORBIDDEN", refusal), request::fail);
        return true;
    }

    private Uni<Void> record(NpmRequest request, String outcome, int status, String detail) {
        return audit.record(new AuditEntry(request.requestId(), request.principal().name(), "delete",
                request.repository().name(), request.pkg().full(), outcome, status, detail, request.remote()));
    }
}
