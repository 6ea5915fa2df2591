package io.granary.registry.proxy.oci;

import io.granary.registry.catalog.RepositoryDefinition;
import io.granary.registry.core.OciDigest;
import io.granary.registry.http.ErrorWriter;
import io.granary.registry.proxy.Integrity;
import io.granary.registry.proxy.ProxyItem;
import io.granary.registry.proxy.ProxyRequest;
import io.granary.registry.proxy.ProxyResponder;
import io.granary.registry.proxy.Upstream;
import io.granary.registry.storage.ExpectedChecksums;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;

/**
 * Pull-through of an OCI registry: {@code /v2/<proxy>/<image>/...} reads {@code <upstream>/v2/<image>/...}.
 * Blobs and manifests by digest (sha256 or sha512) never change and must hash to their digest; manifests by tag, tag
 * lists and referrers are metadata (TTL), a tag's manifest checked against the
 * {@code Docker-Content-Digest} the upstream sends. Index manifests need nothing special: each
 * platform's manifest is then pulled by digest. The upstream's Bearer token flow is followed by the
 * {@link io.granary.registry.proxy.UpstreamClient}.
 */
@ApplicationScoped
public class OciProxy {

    /** What a pull addresses. */
    public enum Resource { BLOB, MANIFEST, TAGS, REFERRERS }

    /** The manifest types a proxy asks for when the client does not say. */
    private static final String MANIFEST_TYPES = String.join(", ", "application/vnd.oci.image.index.v1+json",
            "application/vnd.oci.image.manifest.v1+json", "application/vnd.docker.distribution.manifest.list.v2+json",
            "application/vnd.docker.distribution.manifest.v2+json");

    private final ProxyResponder responder;

    OciProxy(ProxyResponder responder) {
        this.responder = responder;
    }

    /** Answers an admitted GET or HEAD of {@code resource} of {@code image} (the name after the proxy repository). */
    public void serve(RoutingContext ctx, RepositoryDefinition repository, Resource resource, String image, String reference,
                      ErrorWriter errors) {
        Upstream upstream;
        try {
            upstream = Upstream.of(repository);
        } catch (IllegalArgumentException e) {
            errors.write(ctx, 500, "UNSUPPORTED", e.getMessage());
            return;
        }
        ProxyRequest request = new ProxyRequest(ctx, repository, upstream, image, errors);
        String prefix = "v2/" + image + "/";
        switch (resource) {
            case BLOB -> {
                OciDigest digest = OciDigest.parse(reference);
                if (digest == null) {
                    errors.write(ctx, 400, "DIGEST_INVALID", "a proxy serves sha256 and sha512 blobs only: " + reference);
                    return;
                }
                serveByDigest(request, digest, ProxyItem.immutable(prefix + "blobs/" + digest,
                        upstream.resolve(prefix + "blobs/" + digest), "application/octet-stream", integrity(digest)));
            }
            case MANIFEST -> {
                // Clients send one Accept header per media type; all of them go upstream, or a registry may
                // answer an index with 404 to a client it believes cannot read indexes. A tag's manifest is
                // cached once, as the first client accepted it.
                String accept = String.join(", ", ctx.request().headers().getAll("Accept"));
                Map<String, String> headers = Map.of("Accept", accept == null || accept.isBlank() ? MANIFEST_TYPES : accept);
                OciDigest digest = OciDigest.parse(reference);
                String path = prefix + "manifests/" + reference;
                if (digest != null) {
                    serveByDigest(request, digest, ProxyItem.immutable(path, upstream.resolve(path), null, integrity(digest))
                            .withHeaders(headers));
                } else {
                    serveTag(request, ProxyItem.metadata(path, upstream.resolve(path), null, ANNOUNCED_DIGEST)
                            .withHeaders(headers));
                }
            }
            case TAGS -> responder.serve(request, ProxyItem.metadata(prefix + "tags/list",
                    upstream.resolve(prefix + "tags/list"), "application/json", Integrity.NONE));
            case REFERRERS -> responder.serve(request, ProxyItem.metadata(prefix + "referrers/" + reference,
                    upstream.resolve(prefix + "referrers/" + reference), "application/vnd.oci.image.index.v1+json",
                    Integrity.NONE));
            default -> throw new IllegalStateException(resource.name());
        }
    }

    /**
     * Content named by its digest, sent with the digest header OCI clients check (the name is the
     * digest, so it is known before the bytes: a miss streams as it arrives).
     */
    private void serveByDigest(ProxyRequest request, OciDigest digest, ProxyItem item) {
        request.ctx().response().putHeader("Docker-Content-Digest", digest.toString());
        responder.serve(request, item);
    }

    /** A tag's manifest: its digest header comes from the stored bytes. */
    private void serveTag(ProxyRequest request, ProxyItem item) {
        responder.resolve(request, item, hit -> {
            request.ctx().response().putHeader("Docker-Content-Digest", "sha256:" + hit.asset().sha256());
            responder.sendAsset(request, hit);
        });
    }

    private static Integrity integrity(OciDigest digest) {
        return Integrity.known(new ExpectedChecksums(Map.of(digest.algorithm(), digest.hex())));
    }

    /** A tag's manifest must hash to the digest the upstream announces for it, when it announces one. */
    private static final Integrity ANNOUNCED_DIGEST = response -> {
        OciDigest announced = OciDigest.parse(response.header("Docker-Content-Digest"));
        return announced == null ? ExpectedChecksums.NONE
                : new ExpectedChecksums(Map.of(announced.algorithm(), announced.hex()));
    };
}
