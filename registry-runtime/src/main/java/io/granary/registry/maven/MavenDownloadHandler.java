package io.granary.registry.maven;

import io.granary.registry.core.HostedAssets;
import io.granary.registry.http.StoredAssetResponder;
import io.granary.registry.metadata.StoredAsset;
import io.granary.registry.storage.ChecksumAlgorithm;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * GET and HEAD: stored files through {@link StoredAssetResponder}; checksum files computed from what
 * is stored (whether or not a client uploaded them); {@code maven-metadata.xml} rendered from the
 * stored files by {@link MavenMetadataRenderer}.
 */
@ApplicationScoped
class MavenDownloadHandler {

    private static final Logger LOG = Logger.getLogger(MavenDownloadHandler.class);
    /** More files than this under one artifact are not listed in its metadata; far above real artifacts. */
    private static final int MAX_FILES_PER_ARTIFACT = 100_000;

    private final HostedAssets assets;
    private final StoredAssetResponder responder;

    MavenDownloadHandler(HostedAssets assets, StoredAssetResponder responder) {
        this.assets = assets;
        this.responder = responder;
    }

    void handle(MavenRequest request) {
        Uni<Optional<byte[]>> rendered = request.path().metadata()
                ? render(request)
                : Uni.createFrom().item(Optional.empty());
        rendered.subscribe().with(metadata -> {
            if (metadata.isPresent()) {
                sendBytes(request, metadata.get());
            } else {
                serveStored(request);
            }
        }, failure -> MavenRoutes.fail(request.ctx(), failure));
    }

    /** The server's metadata for the folder; empty when there is nothing to describe. */
    Uni<Optional<byte[]>> render(MavenRequest request) {
        String folder = request.path().folder();
        return assets.listUnder(request.repository(), folder + "/", MAX_FILES_PER_ARTIFACT).map(stored -> {
            List<MavenMetadataRenderer.StoredFile> files = stored.stream()
                    .map(a -> new MavenMetadataRenderer.StoredFile(a.path(), a.updatedAt()))
                    .toList();
            return folder.endsWith("-" + MavenPath.SNAPSHOT)
                    ? MavenMetadataRenderer.snapshotLevel(folder, files)
                    : MavenMetadataRenderer.artifactLevel(folder, files);
        });
    }

    private void serveStored(MavenRequest request) {
        assets.find(request.repository(), request.path().file()).subscribe().with(asset -> {
            if (asset == null) {
                MavenRoutes.reject(request.ctx(), 404, "NOT_FOUND", "nothing at " + request.where());
            } else if (request.path().checksum().isPresent()) {
                sendChecksum(request, asset, request.path().checksum().get());
            } else {
                responder.serve(request.ctx(), asset, MavenRoutes::reject);
            }
        }, failure -> MavenRoutes.fail(request.ctx(), failure));
    }

    private void sendChecksum(MavenRequest request, StoredAsset asset, ChecksumAlgorithm algorithm) {
        String hex = asset.checksums().get(algorithm);
        if (hex == null) {
            // Every Maven upload computes all four; a blob first stored by another format may lack one.
            LOG.warnf("Asset %s has no %s checksum", request.where(), algorithm);
            MavenRoutes.reject(request.ctx(), 404, "NOT_FOUND", "no " + algorithm.jcaName() + " checksum for "
                    + request.where());
            return;
        }
        send(request, hex.getBytes(java.nio.charset.StandardCharsets.US_ASCII), "text/plain", null);
    }

    private void sendBytes(MavenRequest request, byte[] metadata) {
        Optional<ChecksumAlgorithm> checksum = request.path().checksum();
        if (checksum.isPresent()) {
            send(request, hex(checksum.get(), metadata).getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                    "text/plain", null);
        } else {
            send(request, metadata, "application/xml", metadata);
        }
    }

    private static void send(MavenRequest request, byte[] body, String contentType, byte[] described) {
        HttpServerResponse response = request.ctx().response();
        response.putHeader("Content-Type", contentType);
        if (described != null) {
            String sha256 = hex(ChecksumAlgorithm.SHA256, described);
            response.putHeader("ETag", "\"" + sha256 + "\"")
                    .putHeader("X-Checksum-Sha256", sha256)
                    .putHeader("X-Checksum-Sha1", hex(ChecksumAlgorithm.SHA1, described))
                    .putHeader("X-Checksum-Md5", hex(ChecksumAlgorithm.MD5, described));
        }
        if (request.ctx().request().method() == HttpMethod.HEAD) {
            response.putHeader("Content-Length", Integer.toString(body.length)).end();
        } else {
            response.end(Buffer.buffer(body));
        }
    }

    static String hex(ChecksumAlgorithm algorithm, byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm.jcaName()).digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
