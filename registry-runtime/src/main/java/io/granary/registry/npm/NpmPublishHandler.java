package io.granary.registry.npm;

import io.granary.registry.audit.AuditEntry;
import io.granary.registry.audit.AuditLog;
import io.granary.registry.core.HostedAssets;
import io.granary.registry.core.HostedPackages;
import io.granary.registry.core.WorkerCalls;
import io.granary.registry.http.RequestBodyPump;
import io.granary.registry.metadata.PackageMetadataStore.PublishOutcome;
import io.granary.registry.storage.ChecksumAlgorithm;
import io.granary.registry.storage.ChecksumMismatchException;
import io.granary.registry.storage.CommittedBlob;
import io.granary.registry.storage.ExpectedChecksums;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.ByteBuffer;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;

/**
 * PUT of a packument. With an attachment it is {@code npm publish}: the document is checked, the
 * tarball committed to the blob store against the announced sha512 and sha1, and only then the
 * version, its tarball and its tags recorded in one transaction. Without one it is a change to the
 * existing package (deprecate, unpublish of a version), handled by {@link NpmRevisionHandler}.
 */
@ApplicationScoped
class NpmPublishHandler {

    private final HostedAssets assets;
    private final HostedPackages packages;
    private final NpmPackumentCache cache;
    private final NpmRevisionHandler revisions;
    private final AuditLog audit;
    private final NpmConfig config;

    NpmPublishHandler(HostedAssets assets, HostedPackages packages, NpmPackumentCache cache,
                      NpmRevisionHandler revisions, AuditLog audit, NpmConfig config) {
        this.assets = assets;
        this.packages = packages;
        this.cache = cache;
        this.revisions = revisions;
        this.audit = audit;
        this.config = config;
    }

    void handle(NpmRequest request) {
        long limit = config.maxPublishBytes();
        NpmBody.read(request.ctx(), limit)
                .chain(body -> WorkerCalls.run(() -> body.toJsonObject()))
                .subscribe().with(doc -> dispatch(request, doc), failure -> {
                    if (failure instanceof RequestBodyPump.TooLarge) {
                        request.error(413, "TOO_LARGE", "the publish is larger than this registry's limit of "
                                + limit + " bytes (granary.npm.max-publish-bytes)");
                    } else if (failure instanceof DecodeException || failure instanceof ClassCastException) {
                        request.error(400, "BODY_INVALID", "the body is not a JSON document");
                    } else if (failure instanceof IllegalArgumentException) {
                        request.error(400, "BODY_INVALID", failure.getMessage());
                    } else {
                        request.error(400, "UPLOAD_INCOMPLETE", "the request body was not received whole");
                    }
                });
    }

    private void dispatch(NpmRequest request, JsonObject doc) {
        String name = request.pkg().full();
        if (!name.equals(doc.getValue("name"))) {
            request.error(400, "NAME_MISMATCH", "package name in the document (" + doc.getValue("name")
                    + ") does not match the URL (" + name + ")");
            return;
        }
        if (doc.getValue("_attachments") instanceof JsonObject attachments && !attachments.isEmpty()) {
            publish(request, doc);
        } else {
            revisions.handle(request, doc);
        }
    }

    private void publish(NpmRequest request, JsonObject doc) {
        WorkerCalls.run(() -> NpmPublication.parse(request.pkg(), doc, request.principal().name()))
                .chain(publication -> store(request, publication).chain(blob -> packages.publish(request.repository(),
                                request.pkg().scope(), request.pkg().name(), publication.version(),
                                publication.manifest().encode(), request.pkg().tarballPath(publication.version()),
                                blob, "application/octet-stream", request.principal().name(), publication.tags())
                        .map(outcome -> Map.entry(publication, outcome))))
                .subscribe().with(result -> answer(request, result.getKey(), result.getValue()), failure -> {
                    if (failure instanceof IllegalArgumentException) {
                        request.error(400, "PUBLISH_INVALID", failure.getMessage());
                    } else if (failure instanceof ChecksumMismatchException mismatch) {
                        String field = mismatch.algorithm() == ChecksumAlgorithm.SHA1 ? "dist.shasum" : "dist.integrity";
                        request.error(400, "INTEGRITY_MISMATCH", "the tarball does not match " + field + ": "
                                + mismatch.getMessage());
                    } else {
                        request.fail(failure);
                    }
                });
    }

    /** Commits the tarball to the blob store if it matches the checksums the document announces. */
    private Uni<CommittedBlob> store(NpmRequest request, NpmPublication publication) {
        Map<ChecksumAlgorithm, String> expected = new EnumMap<>(ChecksumAlgorithm.class);
        expected.put(ChecksumAlgorithm.SHA512, publication.sha512());
        if (publication.sha1() != null) {
            expected.put(ChecksumAlgorithm.SHA1, publication.sha1());
        }
        return WorkerCalls.run(() -> {
            try (var writer = assets.blobs(request.repository()).openWriter(EnumSet.of(ChecksumAlgorithm.SHA1, ChecksumAlgorithm.SHA512))) {
                writer.write(ByteBuffer.wrap(publication.tarball()));
                return writer.commit(new ExpectedChecksums(expected));
            }
        });
    }

    private void answer(NpmRequest request, NpmPublication publication, PublishOutcome outcome) {
        String id = request.pkg().full() + "@" + publication.version();
        switch (outcome.result()) {
            case PUBLISHED -> {
                cache.invalidate(request.repository().name(), request.pkg().full());
                record(request, AuditEntry.ALLOWED, 200, "published " + id + " tags " + publication.tags().keySet())
                        .subscribe().with(v -> request.json(200, new JsonObject().put("ok", true)
                                .put("id", request.pkg().full()).encode()), request::fail);
            }
            case VERSION_EXISTS -> record(request, AuditEntry.DENIED, 403, "version exists: " + id)
                    .subscribe().with(v -> request.error(403, "EPUBLISHCONFLICT",
                            "You cannot publish over the previously published versions: " + publication.version()
                                    + ". (EPUBLISHCONFLICT: " + id + " already exists)"), request::fail);
            case QUOTA_EXCEEDED -> request.error(413, "QUOTA_EXCEEDED", "quota of repository "
                    + request.repository().name() + " exceeded: " + outcome.file().usageBytes() + " of "
                    + outcome.file().quotaBytes() + " bytes used");
        }
    }

    private Uni<Void> record(NpmRequest request, String outcome, int status, String detail) {
        return audit.record(new AuditEntry(request.requestId(), request.principal().name(), "write",
                request.repository().name(), request.pkg().full(), outcome, status, detail, request.remote()));
    }
}
