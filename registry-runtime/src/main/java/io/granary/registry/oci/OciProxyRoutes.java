package io.granary.registry.oci;

import io.granary.registry.catalog.RepositoryDefinition;
import io.granary.registry.observability.Operation;
import io.granary.registry.observability.RequestMetrics;
import io.granary.registry.proxy.oci.OciProxy;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Requests to a {@code type: proxy} OCI repository: pulls only (blobs, manifests, tag lists,
 * referrers), admitted like pulls of a hosted repository, then answered by {@link OciProxy}.
 */
@ApplicationScoped
class OciProxyRoutes {

    private final OciAccess access;
    private final RequestMetrics metrics;
    private final OciProxy proxy;

    OciProxyRoutes(OciAccess access, RequestMetrics metrics, OciProxy proxy) {
        this.access = access;
        this.metrics = metrics;
        this.proxy = proxy;
    }

    void handle(RoutingContext ctx, RepositoryDefinition repository, OciName name) {
        HttpMethod method = ctx.request().method();
        OciProxy.Resource resource = switch (name.kind()) {
            case BLOB -> OciProxy.Resource.BLOB;
            case MANIFEST -> OciProxy.Resource.MANIFEST;
            case TAGS -> OciProxy.Resource.TAGS;
            case REFERRERS -> OciProxy.Resource.REFERRERS;
            default -> null;
        };
        if (resource == null || method != HttpMethod.GET && method != HttpMethod.HEAD) {
            ctx.response().putHeader("Allow", "GET, HEAD");
            OciErrors.send(ctx, 405, OciErrors.UNSUPPORTED, repository.name() + " is a proxy repository: pulls only");
            return;
        }
        metrics.track(ctx, repository.name(), repository.format().wireName(),
                resource == OciProxy.Resource.TAGS ? Operation.LIST : Operation.PULL);
        access.admit(ctx, repository, name.name(), "pull", "pull").subscribe().with(caller -> {
            if (caller != null) {
                proxy.serve(ctx, repository, resource, name.image(), name.reference(), OciProxyRoutes::error);
            }
        }, failure -> OciErrors.fail(ctx, failure));
    }

    /** The proxy's generic codes in the OCI error vocabulary. */
    private static io.vertx.core.Future<Void> error(RoutingContext ctx, int status, String code, String message) {
        String oci = switch (code) {
            case "NOT_FOUND" -> ctx.request().path().contains("/blobs/") ? OciErrors.BLOB_UNKNOWN
                    : ctx.request().path().contains("/manifests/") ? OciErrors.MANIFEST_UNKNOWN : OciErrors.NAME_UNKNOWN;
            case "DIGEST_INVALID" -> OciErrors.DIGEST_INVALID;
            default -> OciErrors.UNSUPPORTED;
        };
        return OciErrors.send(ctx, status, oci, message);
    }
}
