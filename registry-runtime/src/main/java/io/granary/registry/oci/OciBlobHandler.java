package io.granary.registry.oci;

import io.granary.registry.audit.AuditEntry;
import io.granary.registry.audit.AuditLog;
import io.granary.registry.core.OciDigest;
import io.granary.registry.core.OciImages;
import io.granary.registry.http.BlobSender;
import io.granary.registry.http.ByteRange;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import org.jboss.logging.Logger;

/** Blobs of an image (spec §Pulling blobs, §Deleting blobs): HEAD, GET with a single Range, DELETE. */
@ApplicationScoped
class OciBlobHandler {

    private static final Logger LOG = Logger.getLogger(OciBlobHandler.class);

    private final OciImages images;
    private final AuditLog audit;
    private final BlobSender sender;

    OciBlobHandler(OciImages images, AuditLog audit, BlobSender sender) {
        this.images = images;
        this.audit = audit;
        this.sender = sender;
    }

    void handle(OciRequest request) {
        var ctx = request.ctx();
        String reference = request.name().reference();
        OciDigest digest = OciDigest.parse(reference);
        if (digest == null) {
            if (OciDigest.looksLikeDigest(reference)) {
                OciErrors.send(ctx, 404, OciErrors.BLOB_UNKNOWN, "only sha256 and sha512 blobs are stored here");
            } else {
                OciErrors.send(ctx, 400, OciErrors.DIGEST_INVALID, "invalid digest " + reference);
            }
            return;
        }
        boolean delete = ctx.request().method() == HttpMethod.DELETE;
        images.sha256Of(digest).subscribe().with(sha256 -> {
            if (sha256 == null) {
                OciErrors.send(ctx, 404, OciErrors.BLOB_UNKNOWN, "blob unknown to " + request.name().name());
            } else if (delete) {
                delete(request, digest, sha256);
            } else {
                sizeOf(request, sha256).subscribe().with(size -> {
                    if (size == null) {
                        OciErrors.send(ctx, 404, OciErrors.BLOB_UNKNOWN, "blob unknown to " + request.name().name());
                        return;
                    }
                    serve(request, digest, sha256, size);
                }, failure -> OciErrors.fail(ctx, failure));
            }
        }, failure -> OciErrors.fail(ctx, failure));
    }

    /** A blob of the image; manifests are blobs too, as distribution serves them. */
    private Uni<Long> sizeOf(OciRequest request, String sha256) {
        return images.blobSize(request.repository(), request.image(), sha256).chain(size -> size != null
                ? Uni.createFrom().item(size)
                : images.manifest(request.repository(), request.image(), sha256)
                        .map(m -> m == null ? null : m.size()));
    }

    private void serve(OciRequest request, OciDigest digest, String sha256, long size) {
        var ctx = request.ctx();
        HttpServerResponse response = ctx.response();
        response.putHeader("Docker-Content-Digest", digest.toString())
                .putHeader("ETag", "\"" + digest + "\"")
                .putHeader("Cache-Control", "public, max-age=31536000, immutable")
                .putHeader("Accept-Ranges", "bytes")
                .putHeader("Content-Type", "application/octet-stream");
        Optional<ByteRange> range;
        try {
            range = ByteRange.parse(ctx.request().getHeader("Range"), size);
        } catch (ByteRange.Unsatisfiable e) {
            response.putHeader("Content-Range", "bytes */" + size);
            OciErrors.send(ctx, 416, OciErrors.BLOB_UNKNOWN, "range not satisfiable for " + size + " bytes");
            return;
        }
        long offset = range.map(ByteRange::offset).orElse(0L);
        long length = range.map(ByteRange::length).orElse(size);
        range.ifPresent(r -> response.setStatusCode(206).putHeader("Content-Range", r.contentRange(size)));
        if (ctx.request().method() == HttpMethod.HEAD || length == 0) {
            response.putHeader("Content-Length", Long.toString(length)).end();
            return;
        }
        images.open(request.repository(), sha256, size, offset, length).subscribe().with(content ->
                sender.send(Vertx.currentContext(), ctx.request(), content).onFailure(e -> {
                    if (!response.headWritten()) {
                        LOG.errorf("Blob %s of %s cannot be read: %s", digest, request.name().name(), e.getMessage());
                        OciErrors.fail(ctx, e);
                    }
                }), failure -> OciErrors.fail(ctx, failure));
    }

    private void delete(OciRequest request, OciDigest digest, String sha256) {
        var ctx = request.ctx();
        images.unlinkBlob(request.repository(), request.image(), sha256).subscribe().with(removed -> {
            if (!removed) {
                OciErrors.send(ctx, 404, OciErrors.BLOB_UNKNOWN, "blob unknown to " + request.name().name());
                return;
            }
            audit.record(new AuditEntry(request.requestId(), request.actor(), "delete", request.repository().name(),
                            request.pathOf("blobs/" + digest), AuditEntry.ALLOWED, 202, null, request.remote()))
                    .subscribe().with(v -> ctx.response().setStatusCode(202).putHeader("Content-Length", "0").end(),
                            failure -> OciErrors.fail(ctx, failure));
        }, failure -> OciErrors.fail(ctx, failure));
    }
}
