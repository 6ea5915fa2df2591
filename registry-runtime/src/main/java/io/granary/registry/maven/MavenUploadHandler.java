package io.granary.registry.maven;

import io.granary.api.v1alpha1.repository.MavenVersionPolicy;
import io.granary.registry.audit.AuditEntry;
import io.granary.registry.audit.AuditLog;
import io.granary.registry.core.HostedAssets;
import io.granary.registry.core.WorkerCalls;
import io.granary.registry.http.BlobReceiver;
import io.granary.registry.http.RequestBodyPump;
import io.granary.registry.http.SmallBody;
import io.granary.registry.metadata.AssetWriteOutcome;
import io.granary.registry.storage.ChecksumAlgorithm;
import io.granary.registry.storage.ChecksumMismatchException;
import io.granary.registry.storage.CommittedBlob;
import io.granary.registry.storage.ExpectedChecksums;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * PUT and DELETE. Artifact files are streamed into the blob store with all four checksums computed;
 * released files are immutable. Checksum files are verified against the stored file and not stored
 * (they are always served from the computed values). Client metadata is checked and then left to
 * the server's own rendering, except group-level plugin metadata, which is kept as sent.
 */
@ApplicationScoped
class MavenUploadHandler {

    private static final Logger LOG = Logger.getLogger(MavenUploadHandler.class);
    private static final Set<ChecksumAlgorithm> ALL_CHECKSUMS = EnumSet.of(ChecksumAlgorithm.SHA1,
            ChecksumAlgorithm.MD5, ChecksumAlgorithm.SHA512);
    private static final Pattern HEX = Pattern.compile("[0-9a-f]+");
    private static final int MAX_CHECKSUM_BYTES = 1024;
    private static final int MAX_METADATA_BYTES = 8 * 1024 * 1024;
    /** POMs are read back whole to check them; real ones are kilobytes. */
    private static final long MAX_POM_BYTES = 8 * 1024 * 1024;

    private final HostedAssets assets;
    private final AuditLog audit;
    private final BlobReceiver receiver;

    MavenUploadHandler(HostedAssets assets, AuditLog audit, BlobReceiver receiver) {
        this.assets = assets;
        this.audit = audit;
        this.receiver = receiver;
    }

    void handle(MavenRequest request) {
        MavenPath path = request.path();
        if (path.checksum().isPresent()) {
            putChecksum(request, path.checksum().get());
        } else if (path.metadata()) {
            putMetadata(request);
        } else {
            putFile(request, path.coordinates());
        }
    }

    private void putFile(MavenRequest request, MavenPath.Coordinates coordinates) {
        var ctx = request.ctx();
        var refusal = MavenVersionRules.refusal(request.repository(), coordinates.version());
        if (refusal.isPresent()) {
            MavenRoutes.reject(ctx, 400, "VERSION_POLICY", refusal.get());
            return;
        }
        boolean immutable = MavenVersionRules.immutable(coordinates);
        long announced = parseLength(ctx.request().getHeader("Content-Length"));
        Uni<Boolean> exists = immutable
                ? assets.find(request.repository(), request.path().file()).map(found -> found != null)
                : Uni.createFrom().item(false);
        exists.chain(present -> present ? Uni.createFrom().item((Long) null) : assets.remainingQuota(request.repository()))
                .subscribe().with(remaining -> {
                    if (remaining == null) {
                        refuseRedeploy(request);
                        return;
                    }
                    long limit = receiver.limit(remaining);
                    if (limit >= 0 && announced > limit) {
                        refuseTooLarge(request, limit);
                        return;
                    }
                    receiveFile(request, coordinates, immutable, limit);
                }, failure -> MavenRoutes.fail(ctx, failure));
    }

    private void receiveFile(MavenRequest request, MavenPath.Coordinates coordinates, boolean immutable, long limit) {
        var ctx = request.ctx();
        boolean checkPom = coordinates.extension().equals("pom") && !coordinates.snapshot();
        receiver.receive(ctx, request.repository(), ALL_CHECKSUMS, ExpectedChecksums.NONE, limit)
                .call(blob -> checkPom ? requireXml(request, blob) : Uni.createFrom().voidItem())
                .chain(blob -> assets.commit(request.repository(), request.path().file(), blob,
                        contentType(coordinates.extension()), request.principal().name(), immutable))
                .subscribe().with(outcome -> answer(request, outcome), failure -> {
                    if (failure instanceof RequestBodyPump.TooLarge tooLarge) {
                        refuseTooLarge(request, tooLarge.limit());
                    } else if (failure instanceof BlobReceiver.Incomplete) {
                        LOG.infof("Upload to %s broke off: %s", request.where(), failure.getMessage());
                        MavenRoutes.reject(ctx, 400, "UPLOAD_INCOMPLETE", "the request body was not received whole");
                    } else if (failure instanceof ChecksumMismatchException mismatch) {
                        MavenRoutes.reject(ctx, 400, "CHECKSUM_MISMATCH", mismatch.getMessage());
                    } else if (failure instanceof NotXml notXml) {
                        MavenRoutes.reject(ctx, 400, "POM_INVALID", notXml.getMessage());
                    } else {
                        MavenRoutes.fail(ctx, failure);
                    }
                });
    }

    /** A released POM must be a POM: published once, it is what every build will read forever. */
    private Uni<Void> requireXml(MavenRequest request, CommittedBlob blob) {
        if (blob.size() > MAX_POM_BYTES) {
            return Uni.createFrom().failure(new NotXml("the POM is larger than " + MAX_POM_BYTES + " bytes"));
        }
        return WorkerCalls.run(() -> {
            try (var in = assets.blobs(request.repository()).open(blob.sha256(), 0, blob.size()).stream()) {
                return in.readAllBytes();
            }
        }).chain(bytes -> MavenXml.parse(bytes, "project").isPresent()
                ? Uni.createFrom().voidItem()
                : Uni.createFrom().failure(new NotXml("the POM is not well-formed XML with a <project> root")));
    }

    private void answer(MavenRequest request, AssetWriteOutcome outcome) {
        switch (outcome.result()) {
            case IMMUTABLE -> refuseRedeploy(request);
            case QUOTA_EXCEEDED -> refuseTooLarge(request, Math.max(0, outcome.quotaBytes() - outcome.usageBytes()));
            case CREATED, REPLACED -> audit.record(new AuditEntry(request.requestId(), request.principal().name(),
                            "write", request.repository().name(), request.path().file(), AuditEntry.ALLOWED, 201,
                            outcome.result().name().toLowerCase(Locale.ROOT) + " sha256:" + outcome.asset().sha256()
                                    + " size:" + outcome.asset().size(), request.remote()))
                    .subscribe().with(v -> request.ctx().response().setStatusCode(201).end(),
                            failure -> MavenRoutes.fail(request.ctx(), failure));
        }
    }

    /** A checksum file must agree with the stored file; it is not stored itself. */
    private void putChecksum(MavenRequest request, ChecksumAlgorithm algorithm) {
        var ctx = request.ctx();
        SmallBody.read(ctx.request(), MAX_CHECKSUM_BYTES).onFailure(failure -> refuseBody(request, failure))
                .onSuccess(body -> {
                    String sent = firstToken(body.toString(StandardCharsets.US_ASCII));
                    if (sent.length() != algorithm.hexLength() || !HEX.matcher(sent).matches()) {
                        MavenRoutes.reject(ctx, 400, "CHECKSUM_INVALID", "a " + algorithm.jcaName() + " checksum is "
                                + algorithm.hexLength() + " hex digits");
                        return;
                    }
                    if (request.path().metadata()) {
                        // The client's checksum describes its own metadata, which the server's rendering replaces.
                        ctx.response().setStatusCode(201).end();
                        return;
                    }
                    assets.find(request.repository(), request.path().file()).subscribe().with(asset -> {
                        if (asset == null) {
                            MavenRoutes.reject(ctx, 400, "CHECKSUM_ORPHAN", "upload " + request.path().file()
                                    + " before its checksum");
                        } else if (!sent.equals(asset.checksums().get(algorithm))) {
                            MavenRoutes.reject(ctx, 400, "CHECKSUM_MISMATCH", algorithm.jcaName() + " " + sent
                                    + " does not match the stored " + request.path().file() + " ("
                                    + asset.checksums().get(algorithm) + ")");
                        } else {
                            ctx.response().setStatusCode(201).end();
                        }
                    }, failure -> MavenRoutes.fail(ctx, failure));
                });
    }

    /**
     * Client metadata must be well-formed; artifact and version metadata are then rendered by the
     * server instead. Group metadata listing plugin prefixes has no other source, so it is stored.
     */
    private void putMetadata(MavenRequest request) {
        var ctx = request.ctx();
        String folder = request.path().folder();
        if (folder.endsWith("-" + MavenPath.SNAPSHOT)
                && MavenVersionRules.policyOf(request.repository()) == MavenVersionPolicy.RELEASE) {
            MavenRoutes.reject(ctx, 400, "VERSION_POLICY", "repository " + request.repository().name()
                    + " takes release versions only");
            return;
        }
        SmallBody.read(ctx.request(), MAX_METADATA_BYTES).onFailure(failure -> refuseBody(request, failure))
                .onSuccess(body -> {
                    byte[] bytes = body.getBytes();
                    var document = MavenXml.parse(bytes, "metadata");
                    if (document.isEmpty()) {
                        MavenRoutes.reject(ctx, 400, "METADATA_INVALID",
                                "maven-metadata.xml is not well-formed XML with a <metadata> root");
                        return;
                    }
                    boolean groupLevel = document.get().getElementsByTagName("plugins").getLength() > 0
                            && document.get().getElementsByTagName("versioning").getLength() == 0;
                    if (!groupLevel) {
                        ctx.response().setStatusCode(201).end();
                        return;
                    }
                    WorkerCalls.run(() -> {
                        try (var writer = assets.blobs(request.repository()).openWriter(ALL_CHECKSUMS)) {
                            writer.write(ByteBuffer.wrap(bytes));
                            return writer.commit(ExpectedChecksums.NONE);
                        }
                    }).chain(blob -> assets.commit(request.repository(), request.path().file(), blob,
                                    "application/xml", request.principal().name(), false))
                            .subscribe().with(outcome -> answer(request, outcome),
                                    failure -> MavenRoutes.fail(ctx, failure));
                });
    }

    /** DELETE of an artifact file (releases only by admins, decided by the router); metadata follows. */
    void delete(MavenRequest request) {
        assets.delete(request.repository(), request.path().file())
                .call(gone -> gone == null ? Uni.createFrom().voidItem()
                        : audit.record(new AuditEntry(request.requestId(), request.principal().name(), "delete",
                                request.repository().name(), request.path().file(), AuditEntry.ALLOWED, 204,
                                "sha256:" + gone.sha256(), request.remote())))
                .subscribe().with(gone -> {
                    if (gone == null) {
                        MavenRoutes.reject(request.ctx(), 404, "NOT_FOUND", "nothing at " + request.where());
                    } else {
                        request.ctx().response().setStatusCode(204).end();
                    }
                }, failure -> MavenRoutes.fail(request.ctx(), failure));
    }

    private void refuseRedeploy(MavenRequest request) {
        audit.record(new AuditEntry(request.requestId(), request.principal().name(), "write",
                        request.repository().name(), request.path().file(), AuditEntry.DENIED, 409, "release exists",
                        request.remote()))
                .subscribe().with(v -> MavenRoutes.reject(request.ctx(), 409, "RELEASE_EXISTS", request.where()
                        + " is already released and releases are immutable: deploy a new version"),
                        failure -> MavenRoutes.fail(request.ctx(), failure));
    }

    private void refuseTooLarge(MavenRequest request, long limit) {
        MavenRoutes.reject(request.ctx(), 413, "TOO_LARGE", "upload to " + request.repository().name()
                + " exceeds the " + limit + " bytes it may still take (quota or upload limit)");
    }

    private void refuseBody(MavenRequest request, Throwable failure) {
        if (failure instanceof RequestBodyPump.TooLarge tooLarge) {
            MavenRoutes.reject(request.ctx(), 413, "TOO_LARGE", request.path().file() + " may not exceed "
                    + tooLarge.limit() + " bytes");
        } else {
            MavenRoutes.reject(request.ctx(), 400, "UPLOAD_INCOMPLETE", "the request body was not received whole");
        }
    }

    /** Checksum files hold the hex digest, sometimes followed by a file name ("hex  name"). */
    private static String firstToken(String text) {
        String trimmed = text.strip();
        int space = trimmed.indexOf(' ');
        return (space < 0 ? trimmed : trimmed.substring(0, space)).toLowerCase(Locale.ROOT);
    }

    private static String contentType(String extension) {
        return switch (extension) {
            case "pom", "xml" -> "application/xml";
            case "jar", "war", "ear", "aar" -> "application/java-archive";
            case "asc" -> "application/pgp-signature";
            case "zip" -> "application/zip";
            default -> extension.endsWith(".asc") ? "application/pgp-signature" : "application/octet-stream";
        };
    }

    private static long parseLength(String header) {
        try {
            return header == null ? -1 : Long.parseLong(header.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** A released POM that is not a POM. */
    private static final class NotXml extends RuntimeException {
        NotXml(String message) {
            super(message, null, false, false);
        }
    }
}
