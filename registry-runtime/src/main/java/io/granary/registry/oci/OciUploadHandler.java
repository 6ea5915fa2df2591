package io.granary.registry.oci;

import io.granary.api.v1alpha1.repository.RepositoryFormat;
import io.granary.registry.audit.AuditEntry;
import io.granary.registry.audit.AuditLog;
import io.granary.registry.catalog.RepositoryCatalog;
import io.granary.registry.catalog.RepositoryDefinition;
import io.granary.registry.config.GranaryConfig;
import io.granary.registry.core.BlobUploadSessions;
import io.granary.registry.core.OciDigest;
import io.granary.registry.core.OciImages;
import io.granary.registry.core.WorkerCalls;
import io.granary.registry.http.RequestBodyPump;
import io.granary.registry.storage.BlobNotFoundException;
import io.granary.registry.storage.BlobWriter;
import io.granary.registry.storage.ChecksumAlgorithm;
import io.granary.registry.storage.ChecksumMismatchException;
import io.granary.registry.storage.ExpectedChecksums;
import io.granary.registry.storage.UploadOffsetException;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Blob uploads (spec §Pushing blobs): monolithic POST with {@code digest}, POST then PUT, streamed
 * and chunked PATCH, status, cancel, and cross-repository mounts. Sessions are the core's
 * {@link BlobUploadSessions}: rows in PostgreSQL and bytes in the blob store, so any replica can
 * continue a session and idle ones are purged.
 */
@ApplicationScoped
class OciUploadHandler {

    private static final Pattern CONTENT_RANGE = Pattern.compile("^(?:bytes )?([0-9]+)-([0-9]+)(?:/[0-9*]+)?$");
    private static final Pattern SESSION_ID = Pattern.compile("[A-Za-z0-9_.-]{1,200}");

    private final OciImages images;
    private final BlobUploadSessions sessions;
    private final RepositoryCatalog catalog;
    private final AuditLog audit;
    private final GranaryConfig config;

    OciUploadHandler(OciImages images, BlobUploadSessions sessions, RepositoryCatalog catalog, AuditLog audit,
                     GranaryConfig config) {
        this.images = images;
        this.sessions = sessions;
        this.catalog = catalog;
        this.audit = audit;
        this.config = config;
    }

    /** POST {@code …/blobs/uploads/}: mount, monolithic upload, or a new session. */
    void start(OciRequest request) {
        var ctx = request.ctx();
        String mount = ctx.queryParams().get("mount");
        String digest = ctx.queryParams().get("digest");
        if (mount != null) {
            OciDigest mounted = OciDigest.parse(mount);
            if (mounted != null) {
                images.sha256Of(mounted).chain(sha256 -> sha256 == null ? Uni.createFrom().nullItem()
                        : tryMount(request, sha256, ctx.queryParams().get("from"))).subscribe().with(size -> {
                    if (size != null) {
                        created(request, mounted, "mount");
                    } else {
                        newSession(request);
                    }
                }, failure -> {
                    if (!OciQuotaRefusal.answered(request, audit, "blobs/" + mounted, failure)) {
                        OciErrors.fail(ctx, failure);
                    }
                });
                return;
            }
            newSession(request);
            return;
        }
        if (digest != null) {
            OciDigest expected = OciDigest.parse(digest);
            if (expected == null) {
                OciErrors.send(ctx, 400, OciErrors.DIGEST_INVALID, "invalid or unsupported digest " + digest);
                return;
            }
            monolithic(request, expected);
            return;
        }
        newSession(request);
    }

    private Uni<Long> tryMount(OciRequest request, String sha256, String from) {
        if (from == null) {
            return images.mount(request.repository(), request.image(), null, null, sha256);
        }
        OciName source;
        try {
            source = OciName.parse(from + "/tags/list");
        } catch (OciName.Invalid e) {
            return Uni.createFrom().nullItem();
        }
        RepositoryDefinition fromRepository = catalog.find(source.repository())
                .filter(r -> r.format() == RepositoryFormat.OCI).orElse(null);
        if (fromRepository == null || !OciAccess.allows(request.caller(), fromRepository, source.name(), "pull")) {
            // Without read access to the source, mounting would leak whether it holds the blob.
            return Uni.createFrom().nullItem();
        }
        return images.mount(request.repository(), request.image(), fromRepository, source.image(), sha256);
    }

    private void newSession(OciRequest request) {
        var ctx = request.ctx();
        sessions.start(request.repository(), request.actor()).subscribe().with(id -> {
            ctx.response().setStatusCode(202)
                    .putHeader("Location", request.pathOf("blobs/uploads/" + id))
                    .putHeader("Docker-Upload-UUID", id)
                    .putHeader("Range", "0-0")
                    .putHeader("Content-Length", "0")
                    .end();
            io.granary.registry.http.RefusedBody.discard(ctx);
        }, failure -> OciErrors.fail(ctx, failure));
    }

    /** POST with {@code digest} and the whole blob as body (end-4b). */
    private void monolithic(OciRequest request, OciDigest digest) {
        var ctx = request.ctx();
        Context context = Vertx.currentContext();
        WorkerCalls.run(() -> images.blobs(request.repository()).openWriter(extraAlgorithms(digest))).subscribe().with(writer -> {
            continueIfExpected(ctx);
            new RequestBodyPump(context, ctx.request(), writer, config.upload().batchBytes(), -1).run()
                    .onSuccess(size -> WorkerCalls.run(() -> writer.commit(expected(digest)))
                            .chain(blob -> images.linkBlob(request.repository(), request.image(), blob))
                            .subscribe().with(v -> created(request, digest, "upload"),
                                    failure -> commitFailed(request, digest, failure)))
                    .onFailure(failure -> {
                        abort(context, writer);
                        OciErrors.send(ctx, 400, OciErrors.BLOB_UPLOAD_INVALID, "the request body was not received whole");
                    });
        }, failure -> OciErrors.fail(ctx, failure));
    }

    /** GET, PATCH, PUT and DELETE of an upload session. */
    void handle(OciRequest request) {
        var ctx = request.ctx();
        String id = request.name().reference();
        if (!SESSION_ID.matcher(id).matches()) {
            unknownSession(ctx);
            return;
        }
        HttpMethod method = ctx.request().method();
        if (method == HttpMethod.GET) {
            sessionSize(request, id).subscribe().with(size -> {
                sessionHeaders(request, id, size).setStatusCode(204).end();
            }, failure -> sessionFailure(request, id, failure));
        } else if (method == HttpMethod.DELETE) {
            sessions.cancel(request.repository(), id).subscribe().with(cancelled -> {
                if (cancelled) {
                    ctx.response().setStatusCode(204).end();
                } else {
                    unknownSession(ctx);
                }
            }, failure -> OciErrors.fail(ctx, failure));
        } else if (method == HttpMethod.PATCH) {
            patch(request, id).subscribe().with(size -> {
                if (size != null) {
                    sessionHeaders(request, id, size).setStatusCode(202).putHeader("Content-Length", "0").end();
                }
            }, failure -> sessionFailure(request, id, failure));
        } else {
            finish(request, id);
        }
    }

    /** Bytes received so far, counting a blob streamed whole into the session. */
    private Uni<Long> sessionSize(OciRequest request, String id) {
        return sessions.size(request.repository(), id).chain(size -> images.streamedBlob(id)
                .map(streamed -> streamed != null ? streamed.size() : size));
    }

    /**
     * A PATCH. Real clients stream the whole blob in one PATCH without Content-Range into an empty
     * session: that body is hashed and committed as it arrives, so the closing PUT has nothing to
     * re-read. Anything else appends a chunk (after turning an earlier streamed blob into one).
     */
    private Uni<Long> patch(OciRequest request, String id) {
        boolean ranged = request.ctx().request().getHeader("Content-Range") != null;
        return sessions.size(request.repository(), id).chain(size -> images.streamedBlob(id).chain(streamed -> {
            if (streamed != null) {
                return images.materialize(request.repository(), id, streamed, sessions)
                        .chain(() -> appendChunk(request, id));
            }
            return !ranged && size == 0 ? streamWhole(request, id) : appendChunk(request, id);
        }));
    }

    private Uni<Long> streamWhole(OciRequest request, String id) {
        var ctx = request.ctx();
        Context context = Vertx.currentContext();
        return WorkerCalls.run(() -> images.blobs(request.repository()).openWriter(Set.of())).chain(writer -> {
            continueIfExpected(ctx);
            return Uni.createFrom().completionStage(() -> new RequestBodyPump(context, ctx.request(), writer,
                            config.upload().batchBytes(), -1).run().toCompletionStage())
                    .onFailure().invoke(() -> abort(context, writer))
                    .chain(received -> WorkerCalls.run(() -> writer.commit(ExpectedChecksums.NONE)));
        }).chain(blob -> images.recordStreamedBlob(id, blob).map(recorded -> {
            if (!recorded) {
                // Another PATCH of the same session won the race.
                rangeInvalid(request, id, blob.size());
                return null;
            }
            return blob.size();
        }));
    }

    /**
     * Streams the body as the next chunk: at its Content-Range start when given (which must be the
     * current end), else at the current end. Returns the new size, or null when already answered.
     */
    private Uni<Long> appendChunk(OciRequest request, String id) {
        var ctx = request.ctx();
        String contentRange = ctx.request().getHeader("Content-Range");
        Long start = null;
        if (contentRange != null) {
            Matcher m = CONTENT_RANGE.matcher(contentRange.strip());
            if (!m.matches()) {
                return sessions.size(request.repository(), id).map(size -> {
                    rangeInvalid(request, id, size);
                    return null;
                });
            }
            long first = Long.parseLong(m.group(1));
            long last = Long.parseLong(m.group(2));
            long length = parseLength(ctx.request().getHeader("Content-Length"));
            if (last < first || (length >= 0 && length != last - first + 1)) {
                return sessions.size(request.repository(), id).map(size -> {
                    rangeInvalid(request, id, size);
                    return null;
                });
            }
            start = first;
        }
        Uni<Long> offset = start != null ? Uni.createFrom().item(start) : sessions.size(request.repository(), id);
        Context context = Vertx.currentContext();
        return offset.chain(at -> sessions.openChunk(request.repository(), id, at)).chain(writer -> {
            continueIfExpected(ctx);
            return Uni.createFrom().completionStage(() -> new RequestBodyPump(context, ctx.request(), writer,
                            config.upload().batchBytes(), -1).run().toCompletionStage())
                    .onFailure().invoke(() -> abort(context, writer))
                    .chain(received -> sessions.finishChunk(request.repository(), id, writer));
        });
    }

    /** PUT {@code <location>?digest=}: an optional last chunk, then verify and commit the blob. */
    private void finish(OciRequest request, String id) {
        var ctx = request.ctx();
        String raw = ctx.queryParams().get("digest");
        OciDigest digest = OciDigest.parse(raw);
        if (digest == null) {
            OciErrors.send(ctx, 400, OciErrors.DIGEST_INVALID, "PUT needs digest=sha256:<hex> or sha512:<hex>, got "
                    + raw);
            return;
        }
        boolean body = hasBody(ctx);
        sessions.size(request.repository(), id).chain(() -> images.streamedBlob(id)).subscribe().with(streamed -> {
            if (streamed == null) {
                complete(request, id, digest, body);
            } else if (body) {
                images.materialize(request.repository(), id, streamed, sessions).subscribe().with(
                        v -> complete(request, id, digest, true), failure -> sessionFailure(request, id, failure));
            } else {
                images.withChecksum(request.repository(), streamed, digest.algorithm()).subscribe().with(blob -> {
                    if (!blob.checksums().get(digest.algorithm()).orElseThrow().equals(digest.hex())) {
                        OciErrors.send(ctx, 400, OciErrors.DIGEST_INVALID, "the uploaded content does not match "
                                + digest);
                        return;
                    }
                    images.linkBlob(request.repository(), request.image(), blob)
                            .chain(() -> sessions.cancel(request.repository(), id))
                            .subscribe().with(v -> created(request, digest, "upload"),
                                    failure -> sessionFailure(request, id, failure));
                }, failure -> sessionFailure(request, id, failure));
            }
        }, failure -> sessionFailure(request, id, failure));
    }

    private void complete(OciRequest request, String id, OciDigest digest, boolean body) {
        var ctx = request.ctx();
        Uni<Long> lastChunk = body ? appendChunk(request, id) : sessions.size(request.repository(), id);
        lastChunk.subscribe().with(size -> {
            if (size == null) {
                return;
            }
            sessions.complete(request.repository(), id, expected(digest), extraAlgorithms(digest))
                    .call(blob -> images.linkBlob(request.repository(), request.image(), blob))
                    .subscribe().with(blob -> created(request, digest, "upload"), failure -> {
                        if (failure instanceof ChecksumMismatchException) {
                            OciErrors.send(ctx, 400, OciErrors.DIGEST_INVALID,
                                    "the uploaded content does not match " + digest);
                        } else {
                            sessionFailure(request, id, failure);
                        }
                    });
        }, failure -> sessionFailure(request, id, failure));
    }

    private void created(OciRequest request, OciDigest digest, String how) {
        var ctx = request.ctx();
        audit.record(new AuditEntry(request.requestId(), request.actor(), "write", request.repository().name(),
                        request.pathOf("blobs/" + digest), AuditEntry.ALLOWED, 201, how, request.remote()))
                .subscribe().with(v -> {
                    ctx.response().setStatusCode(201)
                            .putHeader("Location", request.pathOf("blobs/" + digest))
                            .putHeader("Docker-Content-Digest", digest.toString())
                            .putHeader("Content-Length", "0")
                            .end();
                    io.granary.registry.http.RefusedBody.discard(ctx);
                }, failure -> OciErrors.fail(ctx, failure));
    }

    private io.vertx.core.http.HttpServerResponse sessionHeaders(OciRequest request, String id, long size) {
        return request.ctx().response()
                .putHeader("Location", request.pathOf("blobs/uploads/" + id))
                .putHeader("Docker-Upload-UUID", id)
                .putHeader("Range", "0-" + Math.max(0, size - 1));
    }

    private void rangeInvalid(OciRequest request, String id, long size) {
        sessionHeaders(request, id, size);
        OciErrors.send(request.ctx(), 416, OciErrors.BLOB_UPLOAD_INVALID,
                "chunks must be sent in order; the upload holds " + size + " bytes");
    }

    private void sessionFailure(OciRequest request, String id, Throwable failure) {
        var ctx = request.ctx();
        if (OciQuotaRefusal.answered(request, audit, "blobs/uploads/" + id, failure)) {
            return;
        }
        if (failure instanceof BlobUploadSessions.SessionUnknownException || failure instanceof BlobNotFoundException) {
            unknownSession(ctx);
        } else if (failure instanceof UploadOffsetException offset) {
            rangeInvalid(request, id, offset.currentSize());
        } else if (failure instanceof ChecksumMismatchException) {
            OciErrors.send(ctx, 400, OciErrors.DIGEST_INVALID, failure.getMessage());
        } else if (failure instanceof RequestBodyPump.TooLarge || failure instanceof java.io.IOException
                && !ctx.request().isEnded()) {
            OciErrors.send(ctx, 400, OciErrors.BLOB_UPLOAD_INVALID, "the request body was not received whole");
        } else {
            OciErrors.fail(ctx, failure);
        }
    }

    private void commitFailed(OciRequest request, OciDigest digest, Throwable failure) {
        var ctx = request.ctx();
        if (failure instanceof ChecksumMismatchException) {
            OciErrors.send(ctx, 400, OciErrors.DIGEST_INVALID, "the uploaded content does not match the digest");
        } else if (OciQuotaRefusal.answered(request, audit, "blobs/" + digest, failure)) {
            return;
        } else {
            OciErrors.fail(ctx, failure);
        }
    }

    /** The hash besides sha256 that verifying {@code digest} needs, if any. */
    private static Set<ChecksumAlgorithm> extraAlgorithms(OciDigest digest) {
        return digest.isSha256() ? Set.of() : Set.of(digest.algorithm());
    }

    private static ExpectedChecksums expected(OciDigest digest) {
        return new ExpectedChecksums(Map.of(digest.algorithm(), digest.hex()));
    }

    private static void unknownSession(RoutingContext ctx) {
        OciErrors.send(ctx, 404, OciErrors.BLOB_UPLOAD_UNKNOWN, "upload session unknown or expired");
    }

    private static void abort(Context context, BlobWriter writer) {
        context.executeBlocking(() -> {
            writer.abort();
            return null;
        }, false);
    }

    private static void continueIfExpected(RoutingContext ctx) {
        if ("100-continue".equalsIgnoreCase(ctx.request().getHeader("Expect"))) {
            ctx.response().writeContinue();
        }
    }

    private static boolean hasBody(RoutingContext ctx) {
        long length = parseLength(ctx.request().getHeader("Content-Length"));
        return length > 0 || (length < 0 && ctx.request().getHeader("Transfer-Encoding") != null);
    }

    private static long parseLength(String header) {
        try {
            return header == null ? -1 : Long.parseLong(header.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

}
