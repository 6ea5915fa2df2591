package io.granary.registry.oci;

import io.granary.registry.audit.AuditEntry;
import io.granary.registry.audit.AuditLog;
import io.granary.registry.core.OciDigest;
import io.granary.registry.core.OciImages;
import io.granary.registry.metadata.OciMetadataStore.ManifestRow;
import io.granary.registry.metadata.OciMetadataStore.PutOutcome;
import io.granary.registry.storage.ChecksumAlgorithm;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * Manifests by tag or digest (spec §Pulling manifests, §Pushing manifests, §Deleting manifests):
 * stored and served byte for byte, with every referenced blob or child manifest required to exist.
 */
@ApplicationScoped
class OciManifestHandler {

    private final OciImages images;
    private final AuditLog audit;
    private final OciConfig config;

    OciManifestHandler(OciImages images, AuditLog audit, OciConfig config) {
        this.images = images;
        this.audit = audit;
        this.config = config;
    }

    void handle(OciRequest request) {
        var ctx = request.ctx();
        String reference = request.name().reference();
        OciDigest digest = OciDigest.parse(reference);
        boolean byDigest = digest != null;
        if (!byDigest && !OciName.TAG.matcher(reference).matches()) {
            if (OciDigest.looksLikeDigest(reference) && ctx.request().method() != HttpMethod.PUT) {
                OciErrors.send(ctx, 404, OciErrors.MANIFEST_UNKNOWN, "only sha256 and sha512 manifests are stored here");
            } else {
                OciErrors.send(ctx, 400, ctx.request().method() == HttpMethod.PUT ? OciErrors.TAG_INVALID
                        : OciErrors.MANIFEST_INVALID, "invalid tag or digest " + reference);
            }
            return;
        }
        HttpMethod method = ctx.request().method();
        if (method == HttpMethod.PUT) {
            put(request, digest, byDigest ? null : reference);
        } else if (method == HttpMethod.DELETE) {
            delete(request, digest, reference);
        } else {
            Uni<ManifestRow> found = byDigest
                    ? images.sha256Of(digest).chain(sha256 -> sha256 == null ? Uni.createFrom().nullItem()
                            : images.manifest(request.repository(), request.image(), sha256))
                    : images.tagged(request.repository(), request.image(), reference);
            found.subscribe().with(manifest -> serve(request, manifest, byDigest ? digest.toString()
                    : manifest == null ? null : OciDigest.sha256(manifest.sha256()).toString()),
                    failure -> OciErrors.fail(ctx, failure));
        }
    }

    /** Serves a manifest under the digest the client asked for (the canonical sha256 for a tag). */
    private void serve(OciRequest request, ManifestRow manifest, String digest) {
        var ctx = request.ctx();
        if (manifest == null) {
            OciErrors.send(ctx, 404, OciErrors.MANIFEST_UNKNOWN, "manifest unknown to " + request.name().name());
            return;
        }
        HttpServerResponse response = ctx.response()
                .putHeader("Content-Type", manifest.mediaType())
                .putHeader("Docker-Content-Digest", digest)
                .putHeader("ETag", "\"" + digest + "\"");
        if (ctx.request().method() == HttpMethod.HEAD) {
            response.putHeader("Content-Length", Long.toString(manifest.size())).end();
            return;
        }
        images.manifestBytes(request.repository(), manifest).subscribe().with(bytes -> response.end(Buffer.buffer(bytes)),
                failure -> OciErrors.fail(ctx, failure));
    }

    private void put(OciRequest request, OciDigest expected, String tag) {
        var ctx = request.ctx();
        int limit = config.manifestMaxBytes();
        long announced = parseLength(ctx.request().getHeader("Content-Length"));
        if (announced > limit) {
            OciErrors.send(ctx, 413, OciErrors.SIZE_INVALID, "manifests are limited to " + limit + " bytes");
            return;
        }
        readBounded(ctx.request(), limit).onComplete(ar -> {
            if (ar.failed()) {
                if (ar.cause() instanceof TooLarge) {
                    OciErrors.send(ctx, 413, OciErrors.SIZE_INVALID, "manifests are limited to " + limit + " bytes");
                } else {
                    OciErrors.send(ctx, 400, OciErrors.MANIFEST_INVALID, "the manifest was not received whole");
                }
                return;
            }
            byte[] body = ar.result().getBytes();
            ManifestDocument document;
            try {
                document = ManifestDocument.parse(body, ctx.request().getHeader("Content-Type"));
            } catch (ManifestDocument.Invalid e) {
                OciErrors.send(ctx, 400, e.code, e.getMessage());
                return;
            }
            String sha256 = OciDigest.of(ChecksumAlgorithm.SHA256, body).hex();
            OciDigest digest = expected == null || expected.isSha256() ? OciDigest.sha256(sha256)
                    : OciDigest.of(expected.algorithm(), body);
            if (expected != null && !expected.equals(digest)) {
                OciErrors.send(ctx, 400, OciErrors.DIGEST_INVALID, "the manifest's digest is " + digest
                        + ", not " + expected);
                return;
            }
            images.checkReferences(request.repository(), request.image(), document.references()).subscribe().with(checked -> {
                List<OciDigest> missing = checked.missing();
                if (!missing.isEmpty()) {
                    OciErrors.send(ctx, 400, OciErrors.MANIFEST_BLOB_UNKNOWN, (document.index() ? "child manifest" : "blob")
                            + " " + missing.get(0) + " is not in " + request.name().name());
                    return;
                }
                ManifestRow row = new ManifestRow(sha256, digest.toString(), document.mediaType(), body.length,
                        document.subject() == null ? null : document.subject().toString(), document.artifactType(),
                        document.annotations());
                images.putManifest(request.repository(), request.image(), body, row, checked.presentSha256s(), tag,
                                request.actor())
                        .subscribe().with(outcome -> stored(request, row, tag, outcome), failure -> {
                            if (!OciQuotaRefusal.answered(request, audit, "manifests/" + (tag == null ? row.digest() : tag),
                                    failure)) {
                                OciErrors.fail(ctx, failure);
                            }
                        });
            }, failure -> OciErrors.fail(ctx, failure));
        });
    }

    private void stored(OciRequest request, ManifestRow row, String tag, PutOutcome outcome) {
        var ctx = request.ctx();
        String digest = row.digest();
        boolean refused = outcome == PutOutcome.TAG_IMMUTABLE;
        String path = request.pathOf("manifests/" + (tag == null ? digest : tag));
        audit.record(new AuditEntry(request.requestId(), request.actor(), "write", request.repository().name(), path,
                        refused ? AuditEntry.DENIED : AuditEntry.ALLOWED, refused ? 403 : 201,
                        refused ? "immutable tag" : digest, request.remote()))
                .subscribe().with(v -> {
                    if (refused) {
                        OciErrors.send(ctx, 403, OciErrors.DENIED, "tag " + tag + " of " + request.name().name()
                                + " is immutable and already points at another manifest: push a new tag instead");
                        return;
                    }
                    HttpServerResponse response = ctx.response().setStatusCode(201)
                            .putHeader("Location", request.pathOf("manifests/" + digest))
                            .putHeader("Docker-Content-Digest", digest)
                            .putHeader("Content-Length", "0");
                    if (row.subject() != null) {
                        response.putHeader("OCI-Subject", row.subject());
                    }
                    response.end();
                }, failure -> OciErrors.fail(ctx, failure));
    }

    private void delete(OciRequest request, OciDigest digest, String reference) {
        var ctx = request.ctx();
        if (digest == null && request.repository().isImmutable(request.image() + ":" + reference)) {
            OciErrors.send(ctx, 403, OciErrors.DENIED, "tag " + reference + " of " + request.name().name()
                    + " is immutable and cannot be deleted");
            return;
        }
        Uni<Boolean> deleted = digest != null
                ? images.sha256Of(digest).chain(sha256 -> sha256 == null ? Uni.createFrom().item(false)
                        : images.deleteManifest(request.repository(), request.image(), sha256))
                : images.deleteTag(request.repository(), request.image(), reference);
        deleted.subscribe().with(removed -> {
            if (!removed) {
                OciErrors.send(ctx, 404, OciErrors.MANIFEST_UNKNOWN, "manifest unknown to " + request.name().name());
                return;
            }
            audit.record(new AuditEntry(request.requestId(), request.actor(), "delete", request.repository().name(),
                            request.pathOf("manifests/" + reference), AuditEntry.ALLOWED, 202, null, request.remote()))
                    .subscribe().with(v -> ctx.response().setStatusCode(202).putHeader("Content-Length", "0").end(),
                            failure -> OciErrors.fail(ctx, failure));
        }, failure -> OciErrors.fail(ctx, failure));
    }

    /** Reads a small body whole, failing with {@link TooLarge} beyond {@code limit} bytes. */
    private static io.vertx.core.Future<Buffer> readBounded(io.vertx.core.http.HttpServerRequest request, int limit) {
        Promise<Buffer> done = Promise.promise();
        Buffer body = Buffer.buffer();
        request.handler(chunk -> {
            if (done.future().isComplete()) {
                return;
            }
            if (body.length() + chunk.length() > limit) {
                done.tryFail(new TooLarge());
                return;
            }
            body.appendBuffer(chunk);
        });
        request.exceptionHandler(done::tryFail);
        request.endHandler(v -> done.tryComplete(body));
        request.resume();
        return done.future();
    }

    private static final class TooLarge extends RuntimeException {
        TooLarge() {
            super(null, null, false, false);
        }
    }

    private static long parseLength(String header) {
        try {
            return header == null ? -1 : Long.parseLong(header.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
