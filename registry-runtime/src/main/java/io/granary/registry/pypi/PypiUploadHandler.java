package io.granary.registry.pypi;

import io.granary.registry.archive.InvalidArchiveException;
import io.granary.registry.audit.AuditEntry;
import io.granary.registry.audit.AuditLog;
import io.granary.registry.core.HostedAssets;
import io.granary.registry.core.WorkerCalls;
import io.granary.registry.http.BlobReceiver;
import io.granary.registry.http.MultipartReceiver;
import io.granary.registry.http.RequestBodyPump;
import io.granary.registry.metadata.AssetWriteOutcome;
import io.granary.registry.metadata.LabeledAsset;
import io.granary.registry.storage.ChecksumAlgorithm;
import io.granary.registry.storage.CommittedBlob;
import io.granary.registry.storage.ExpectedChecksums;
import io.smallrye.mutiny.Uni;
import io.vertx.core.MultiMap;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * The legacy upload API that twine speaks: a multipart form with {@code :action=file_upload}, the
 * project's fields, digests and the file in {@code content}. The file is streamed into the blob
 * store while hashed, its digests checked against the form, its core metadata read from the archive
 * and checked against the file name and the form; only then do the metadata file and the
 * distribution become visible. Files are immutable: the same name with other bytes is refused, a
 * byte-identical upload succeeds again (as on PyPI).
 */
@ApplicationScoped
class PypiUploadHandler {

    private static final Logger LOG = Logger.getLogger(PypiUploadHandler.class);

    /** A refusal with the status and message the client sees. */
    static final class Refusal extends RuntimeException {
        final int status;

        Refusal(int status, String message) {
            super(message, null, false, false);
            this.status = status;
        }
    }

    private record Received(CommittedBlob blob, String filename, MultiMap form) {
    }

    private final HostedAssets assets;
    private final PypiProjects projects;
    private final BlobReceiver receiver;
    private final MultipartReceiver multipart;
    private final AuditLog audit;

    PypiUploadHandler(HostedAssets assets, PypiProjects projects, BlobReceiver receiver, MultipartReceiver multipart,
                      AuditLog audit) {
        this.multipart = multipart;
        this.assets = assets;
        this.projects = projects;
        this.receiver = receiver;
        this.audit = audit;
    }

    void handle(PypiRequest request) {
        var ctx = request.ctx();
        if (!MultipartReceiver.isMultipart(ctx)) {
            PypiErrors.reject(ctx, 400, "expected a multipart/form-data upload (the legacy upload API, as twine sends)");
            return;
        }
        long announced = parseLength(ctx.request().getHeader("Content-Length"));
        assets.remainingQuota(request.repository()).map(receiver::limit)
                .chain(limit -> {
                    if (limit >= 0 && announced > limit) {
                        throw new Refusal(413, "upload larger than the " + limit + " bytes this repository accepts");
                    }
                    return receive(request, limit);
                })
                .chain(received -> store(request, received))
                .subscribe().with(message -> ctx.response().setStatusCode(200)
                        .putHeader("Content-Type", "text/plain; charset=utf-8").end(message + "\n"),
                        failure -> refuse(request, failure));
    }

    /** Streams the form: the {@code content} part into a blob, the other fields into the form map. */
    private Uni<Received> receive(PypiRequest request, long limit) {
        return multipart.receive(request.ctx(), request.repository(), Set.of("content"), Set.of(ChecksumAlgorithm.MD5), limit).map(form -> {
            var content = form.files().get("content");
            if (content == null) {
                throw new Refusal(400, "the upload has no file in the form field 'content'");
            }
            return new Received(content.blob(), content.filename(), form.fields());
        });
    }

    private Uni<String> store(PypiRequest request, Received received) {
        MultiMap form = received.form();
        String action = form.get(":action");
        if (action != null && !action.equals("file_upload")) {
            throw new Refusal(400, "unsupported :action " + action + " (only file_upload)");
        }
        PypiNames.DistributionFile file;
        try {
            file = PypiNames.parse(received.filename());
        } catch (IllegalArgumentException e) {
            throw new Refusal(400, e.getMessage());
        }
        checkDigest(form, "sha256_digest", received.blob().sha256(), file);
        checkDigest(form, "md5_digest", received.blob().checksums().get(ChecksumAlgorithm.MD5).orElse(null), file);
        return WorkerCalls.run(() -> inspect(request, received.blob(), file)).chain(metadata -> {
            checkForm(form, metadata);
            String normalized = PypiNames.normalize(metadata.name());
            return projects.files(request.repository(), normalized)
                    .chain(existing -> publish(request, received.blob(), file, metadata, normalized, existing));
        });
    }

    private CoreMetadata inspect(PypiRequest request, CommittedBlob blob, PypiNames.DistributionFile file) throws java.io.IOException {
        try {
            return DistributionInspector.inspect(assets.blobs(request.repository()), blob, file);
        } catch (InvalidArchiveException e) {
            throw new Refusal(400, "invalid distribution " + file.filename() + ": " + e.getMessage());
        }
    }

    private Uni<String> publish(PypiRequest request, CommittedBlob blob, PypiNames.DistributionFile file,
                                CoreMetadata metadata, String normalized, List<LabeledAsset> existing) {
        String path = normalized + "/" + file.filename();
        for (LabeledAsset other : existing) {
            String owner = other.property(PypiProjects.NAME);
            if (owner != null && !owner.equals(metadata.name())) {
                throw new Refusal(400, "project name " + metadata.name() + " normalizes to " + normalized
                        + ", which this repository already holds as " + owner + "; upload it under that name");
            }
            if (other.asset().path().equals(path)) {
                return sameOrRefuse(request, file, other.asset().sha256(), blob);
            }
        }
        Map<String, String> properties = new HashMap<>();
        properties.put(PypiProjects.NAME, metadata.name());
        properties.put(PypiProjects.VERSION, metadata.version());
        if (metadata.requiresPython() != null) {
            properties.put(PypiProjects.REQUIRES_PYTHON, metadata.requiresPython());
        }
        String actor = request.principal().name();
        // The metadata file first, then the distribution that points at it: never a link to nothing.
        return WorkerCalls.run(() -> storeBytes(request, metadata.raw()))
                .chain(metadataBlob -> {
                    properties.put(PypiProjects.CORE_METADATA_SHA256, metadataBlob.sha256());
                    return assets.commit(request.repository(), path + PypiProjects.METADATA_SUFFIX, metadataBlob,
                            "text/plain; charset=utf-8", actor, Map.of(), false);
                })
                .chain(() -> assets.commit(request.repository(), path, blob, contentType(file), actor, properties, true))
                .chain(outcome -> switch (outcome.result()) {
                    case CREATED, REPLACED -> audit.record(new AuditEntry(request.requestId(), actor, "write",
                                    request.repository().name(), path, AuditEntry.ALLOWED, 200,
                                    "sha256:" + blob.sha256() + " size:" + blob.size(), request.remote()))
                            .replaceWith("OK: stored " + file.filename());
                    case IMMUTABLE -> assets.find(request.repository(), path)
                            .chain(current -> sameOrRefuse(request, file, current.sha256(), blob));
                    case QUOTA_EXCEEDED -> throw new Refusal(413, "quota of repository " + request.repository().name()
                            + " exceeded: quota " + outcome.quotaBytes() + " bytes, " + outcome.usageBytes() + " used");
                });
    }

    private Uni<String> sameOrRefuse(PypiRequest request, PypiNames.DistributionFile file, String storedSha256,
                                     CommittedBlob blob) {
        if (storedSha256.equals(blob.sha256())) {
            return Uni.createFrom().item("OK: " + file.filename() + " was already stored with the same content");
        }
        return audit.record(new AuditEntry(request.requestId(), request.principal().name(), "write",
                        request.repository().name(), file.filename(), AuditEntry.DENIED, 400, "file exists", request.remote()))
                .replaceWith(() -> {
                    throw new Refusal(400, "File already exists: " + file.filename() + " was uploaded before with"
                            + " other contents; files are immutable, publish a new version instead");
                });
    }

    private CommittedBlob storeBytes(PypiRequest request, byte[] bytes) throws java.io.IOException {
        try (var writer = assets.blobs(request.repository()).openWriter(Set.of())) {
            writer.write(ByteBuffer.wrap(bytes));
            return writer.commit(ExpectedChecksums.NONE);
        }
    }

    private static void checkDigest(MultiMap form, String field, String actual, PypiNames.DistributionFile file) {
        String sent = form.get(field);
        if (sent != null && !sent.isBlank() && !sent.strip().equalsIgnoreCase(actual)) {
            throw new Refusal(400, field + " does not match " + file.filename() + ": the form says " + sent.strip()
                    + ", the received file has " + actual);
        }
    }

    private static void checkForm(MultiMap form, CoreMetadata metadata) {
        String name = form.get("name");
        if (name != null && !PypiNames.normalize(name).equals(PypiNames.normalize(metadata.name()))) {
            throw new Refusal(400, "form field name " + name + " does not match the file's metadata Name " + metadata.name());
        }
        String version = form.get("version");
        if (version != null && !PypiNames.sameVersion(version, metadata.version())) {
            throw new Refusal(400, "form field version " + version + " does not match the file's metadata Version "
                    + metadata.version());
        }
    }

    private void refuse(PypiRequest request, Throwable failure) {
        var ctx = request.ctx();
        if (failure instanceof Refusal refusal) {
            LOG.infof("Upload to %s refused: %s", request.repository().name(), refusal.getMessage());
            PypiErrors.reject(ctx, refusal.status, refusal.getMessage());
        } else if (failure instanceof RequestBodyPump.TooLarge tooLarge) {
            PypiErrors.reject(ctx, 413, "upload larger than the " + tooLarge.limit() + " bytes this repository accepts");
        } else if (failure instanceof MultipartReceiver.BadForm bad) {
            PypiErrors.reject(ctx, 413, bad.getMessage());
        } else if (failure instanceof BlobReceiver.Incomplete) {
            PypiErrors.reject(ctx, 400, "the upload was not received whole");
        } else if (failure instanceof io.vertx.core.http.HttpClosedException) {
            LOG.infof("Upload to %s broke off", request.repository().name());
        } else if (failure.getMessage() != null && failure.getMessage().contains("Size exceed allowed maximum capacity")) {
            PypiErrors.reject(ctx, 413, "a form field is larger than allowed");
        } else {
            PypiRoutes.fail(ctx, failure);
        }
    }

    private static String contentType(PypiNames.DistributionFile file) {
        return file.wheel() ? "application/zip" : "application/gzip";
    }

    private static long parseLength(String header) {
        try {
            return header == null ? -1 : Long.parseLong(header.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
