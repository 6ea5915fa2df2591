package io.granary.registry.generic;

import io.granary.registry.audit.AuditEntry;
import io.granary.registry.audit.AuditLog;
import io.granary.registry.config.GranaryConfig;
import io.granary.registry.core.HostedAssets;
import io.granary.registry.http.BlobReceiver;
import io.granary.registry.http.RequestBodyPump;
import io.granary.registry.metadata.AssetWriteOutcome;
import io.granary.registry.metadata.StoredAsset;
import io.granary.registry.storage.ChecksumAlgorithm;
import io.granary.registry.storage.ChecksumMismatchException;
import io.granary.registry.storage.CommittedBlob;
import io.granary.registry.storage.ExpectedChecksums;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * PUT of a file: announced checksums validated up front, early refusals (immutability, quota) before
 * reading the body, the body streamed into the blob store while hashing, then the asset committed.
 */
@ApplicationScoped
class GenericUploadHandler {

    private static final Logger LOG = Logger.getLogger(GenericUploadHandler.class);
    private static final Pattern HEX = Pattern.compile("[0-9a-fA-F]+");
    private static final Map<String, ChecksumAlgorithm> CHECKSUM_HEADERS = Map.of(
            "X-Checksum-Sha256", ChecksumAlgorithm.SHA256,
            "X-Checksum-Sha1", ChecksumAlgorithm.SHA1,
            "X-Checksum-Md5", ChecksumAlgorithm.MD5,
            "X-Checksum-Sha512", ChecksumAlgorithm.SHA512);

    private final HostedAssets assets;
    private final AuditLog audit;
    private final GranaryConfig config;
    private final BlobReceiver receiver;

    GenericUploadHandler(HostedAssets assets, AuditLog audit, GranaryConfig config, BlobReceiver receiver) {
        this.assets = assets;
        this.audit = audit;
        this.config = config;
        this.receiver = receiver;
    }

    void handle(GenericRequest request) {
        var ctx = request.ctx();
        ExpectedChecksums expected;
        try {
            expected = announcedChecksums(request);
        } catch (IllegalArgumentException e) {
            GenericRoutes.reject(ctx, 400, "CHECKSUM_INVALID", e.getMessage());
            return;
        }
        long announcedLength = parseLength(ctx.request().getHeader("Content-Length"));
        refuseEarly(request, announcedLength).subscribe().with(limit -> {
            if (limit == null) {
                return;
            }
            // Hash only what the client announced besides SHA-256: every extra digest costs throughput.
            Set<ChecksumAlgorithm> extra = EnumSet.noneOf(ChecksumAlgorithm.class);
            expected.values().keySet().stream().filter(a -> a != ChecksumAlgorithm.SHA256).forEach(extra::add);
            receive(request, expected, extra, limit);
        }, failure -> GenericRoutes.fail(ctx, failure));
    }

    /**
     * Refuses what can be refused before reading a byte. Returns the most bytes the body may have
     * (-1 = unlimited), or null when the request was answered.
     */
    private Uni<Long> refuseEarly(GenericRequest request, long announcedLength) {
        var repository = request.repository();
        boolean needsExisting = repository.isImmutable(request.path()) || repository.quotaBytes().isPresent();
        Uni<StoredAsset> existing = needsExisting
                ? assets.find(repository, request.path())
                : Uni.createFrom().nullItem();
        return existing.chain(current -> {
            if (current != null && repository.isImmutable(request.path())) {
                return refuseImmutable(request).replaceWith((Long) null);
            }
            // Replacing a file frees its bytes, so they count as available to the new version.
            long replaced = current == null ? 0 : current.size();
            return assets.remainingQuota(repository).map(remaining -> {
                long available = remaining < 0 ? -1 : remaining + replaced;
                long limit = receiver.limit(available);
                if (limit >= 0 && announcedLength > limit) {
                    refuseTooLarge(request, remaining);
                    return null;
                }
                return limit;
            });
        });
    }

    private void receive(GenericRequest request, ExpectedChecksums expected, Set<ChecksumAlgorithm> extra, long limit) {
        var ctx = request.ctx();
        receiver.receive(ctx, request.repository(), extra, expected, limit)
                .chain(blob -> assets.commit(request.repository(), request.path(), blob, contentType(request),
                        request.principal().name()).map(outcome -> Map.entry(blob, outcome)))
                .subscribe().with(result -> answer(request, result.getKey(), result.getValue()), failure -> {
                    if (failure instanceof RequestBodyPump.TooLarge) {
                        assets.remainingQuota(request.repository()).subscribe().with(
                                remaining -> refuseTooLarge(request, remaining),
                                e -> GenericRoutes.fail(ctx, e));
                    } else if (failure instanceof BlobReceiver.Incomplete) {
                        LOG.infof("Upload to %s/%s broke off: %s", request.repository().name(), request.path(),
                                failure.getMessage());
                        GenericRoutes.reject(ctx, 400, "UPLOAD_INCOMPLETE", "the request body was not received whole");
                    } else if (failure instanceof ChecksumMismatchException mismatch) {
                        GenericRoutes.reject(ctx, 400, "CHECKSUM_MISMATCH", mismatch.getMessage());
                    } else {
                        GenericRoutes.fail(ctx, failure);
                    }
                });
    }

    private void answer(GenericRequest request, CommittedBlob blob, AssetWriteOutcome outcome) {
        switch (outcome.result()) {
            case IMMUTABLE -> refuseImmutable(request).subscribe().with(v -> { }, e -> GenericRoutes.fail(request.ctx(), e));
            case QUOTA_EXCEEDED -> refuseTooLarge(request, Math.max(0, outcome.quotaBytes() - outcome.usageBytes()));
            case CREATED, REPLACED -> audit.record(new AuditEntry(request.requestId(), request.principal().name(),
                            "write", request.repository().name(), request.path(), AuditEntry.ALLOWED, 201,
                            outcome.result().name().toLowerCase(java.util.Locale.ROOT) + " sha256:" + blob.sha256()
                                    + " size:" + blob.size(), request.remote()))
                    .subscribe().with(v -> request.ctx().response()
                            .setStatusCode(201)
                            .putHeader("Content-Type", "application/json")
                            .putHeader("Location", request.urlOf(request.path()))
                            .end(describe(request, outcome).encode()));
        }
    }

    private Uni<Void> refuseImmutable(GenericRequest request) {
        return audit.record(new AuditEntry(request.requestId(), request.principal().name(), "write",
                        request.repository().name(), request.path(), AuditEntry.DENIED, 409, "immutable", request.remote()))
                .invoke(() -> GenericRoutes.reject(request.ctx(), 409, "IMMUTABLE", request.repository().name() + "/"
                        + request.path() + " already exists and the repository is immutable: publish a new path instead"));
    }

    private void refuseTooLarge(GenericRequest request, long remaining) {
        long quota = request.repository().quotaBytes().orElse(-1);
        String message = quota >= 0
                ? "quota of repository " + request.repository().name() + " exceeded: quota " + quota + " bytes, "
                        + remaining + " bytes left"
                : "upload larger than the limit of " + config.upload().maxBytes() + " bytes";
        GenericRoutes.reject(request.ctx(), 413, "QUOTA_EXCEEDED", message);
    }

    private static JsonObject describe(GenericRequest request, AssetWriteOutcome outcome) {
        var asset = outcome.asset();
        JsonObject checksums = new JsonObject();
        asset.checksums().forEach((algorithm, hex) -> checksums.put(algorithm.name().toLowerCase(java.util.Locale.ROOT), hex));
        return new JsonObject()
                .put("repository", request.repository().name())
                .put("path", asset.path())
                .put("size", asset.size())
                .put("contentType", asset.contentType())
                .put("created", asset.createdAt().toString())
                .put("updated", asset.updatedAt().toString())
                .put("createdBy", asset.createdBy())
                .put("replaced", outcome.result() == AssetWriteOutcome.Result.REPLACED)
                .put("checksums", checksums)
                .put("downloadUri", request.urlOf(asset.path()));
    }

    private static ExpectedChecksums announcedChecksums(GenericRequest request) {
        Map<ChecksumAlgorithm, String> announced = new EnumMap<>(ChecksumAlgorithm.class);
        CHECKSUM_HEADERS.forEach((header, algorithm) -> {
            String value = request.ctx().request().getHeader(header);
            if (value == null) {
                return;
            }
            String hex = value.strip();
            if (hex.length() != algorithm.hexLength() || !HEX.matcher(hex).matches()) {
                throw new IllegalArgumentException(header + " must be " + algorithm.hexLength() + " hex digits");
            }
            announced.put(algorithm, hex);
        });
        return new ExpectedChecksums(announced);
    }

    private static String contentType(GenericRequest request) {
        String sent = request.ctx().request().getHeader("Content-Type");
        // curl --data-binary labels everything as a form; that label says nothing about the file.
        if (sent != null && !sent.isBlank() && !sent.startsWith("application/x-www-form-urlencoded")) {
            return sent.strip();
        }
        String guessed = java.net.URLConnection.guessContentTypeFromName(request.path());
        return guessed == null ? "application/octet-stream" : guessed;
    }

    private static long parseLength(String header) {
        try {
            return header == null ? -1 : Long.parseLong(header.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
