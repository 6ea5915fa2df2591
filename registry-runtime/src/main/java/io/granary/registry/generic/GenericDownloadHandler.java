package io.granary.registry.generic;

import io.granary.registry.core.HostedAssets;
import io.granary.registry.http.BlobSender;
import io.granary.registry.http.ByteRange;
import io.granary.registry.metadata.StoredAsset;
import io.granary.registry.storage.BlobNotFoundException;
import io.granary.registry.storage.ChecksumAlgorithm;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.jboss.logging.Logger;

/** GET and HEAD of a file: conditional requests, single byte ranges, checksum headers, zero-copy bodies. */
@ApplicationScoped
class GenericDownloadHandler {

    private static final Logger LOG = Logger.getLogger(GenericDownloadHandler.class);

    private final HostedAssets assets;
    private final GenericListingHandler listing;

    GenericDownloadHandler(HostedAssets assets, GenericListingHandler listing) {
        this.assets = assets;
        this.listing = listing;
    }

    void handle(GenericRequest request) {
        if (request.path().isEmpty() || request.path().endsWith("/")) {
            listing.handle(request, request.path());
            return;
        }
        assets.find(request.repository(), request.path()).subscribe().with(asset -> {
            if (asset == null) {
                // A path without a trailing slash may name a folder; answer with its listing if it has children.
                listing.handleIfFolder(request, request.path() + "/");
                return;
            }
            serve(request, asset);
        }, failure -> GenericRoutes.fail(request.ctx(), failure));
    }

    private void serve(GenericRequest request, StoredAsset asset) {
        var ctx = request.ctx();
        HttpServerResponse response = ctx.response();
        String etag = "\"" + asset.sha256() + "\"";
        response.putHeader("ETag", etag)
                .putHeader("Last-Modified", httpDate(asset.updatedAt()))
                .putHeader("Accept-Ranges", "bytes")
                .putHeader("X-Checksum-Sha256", asset.sha256());
        putIfKnown(response, "X-Checksum-Sha1", asset.checksums().get(ChecksumAlgorithm.SHA1));
        putIfKnown(response, "X-Checksum-Md5", asset.checksums().get(ChecksumAlgorithm.MD5));
        if (notModified(ctx.request().getHeader("If-None-Match"), ctx.request().getHeader("If-Modified-Since"), etag,
                asset.updatedAt())) {
            response.setStatusCode(304).end();
            return;
        }
        Optional<ByteRange> range;
        try {
            range = rangeIfCurrent(ctx.request().getHeader("Range"), ctx.request().getHeader("If-Range"), etag,
                    asset.size());
        } catch (ByteRange.Unsatisfiable e) {
            response.putHeader("Content-Range", "bytes */" + asset.size());
            GenericRoutes.reject(ctx, 416, "RANGE_INVALID", "range not satisfiable for " + asset.size() + " bytes");
            return;
        }
        response.putHeader("Content-Type", asset.contentType());
        long offset = range.map(ByteRange::offset).orElse(0L);
        long length = range.map(ByteRange::length).orElse(asset.size());
        range.ifPresent(r -> response.setStatusCode(206).putHeader("Content-Range", r.contentRange(asset.size())));
        if (ctx.request().method() == HttpMethod.HEAD) {
            response.putHeader("Content-Length", Long.toString(length)).end();
            return;
        }
        if (range.isEmpty()) {
            assets.smallContent(asset).subscribe().with(bytes -> {
                if (bytes == null) {
                    sendBlob(request, asset, offset, length);
                } else {
                    assets.noteDownload(asset);
                    response.end(Buffer.buffer(bytes));
                }
            }, failure -> GenericRoutes.fail(ctx, failure));
            return;
        }
        sendBlob(request, asset, offset, length);
    }

    private void sendBlob(GenericRequest request, StoredAsset asset, long offset, long length) {
        var ctx = request.ctx();
        HttpServerResponse response = ctx.response();
        assets.open(asset, offset, length).subscribe().with(content -> {
            assets.noteDownload(asset);
            BlobSender.send(Vertx.currentContext(), response, content).onFailure(e -> {
                if (!response.headWritten()) {
                    LOG.errorf("Asset %s/%s: blob %s cannot be read: %s", request.repository().name(), request.path(),
                            asset.sha256(), e.getMessage());
                    GenericRoutes.fail(ctx, e);
                } else {
                    LOG.debugf("Download of %s ended early: %s", request.path(), e.getMessage());
                }
            });
        }, failure -> {
            if (failure instanceof BlobNotFoundException) {
                LOG.errorf("Asset %s/%s points at missing blob %s", request.repository().name(), request.path(),
                        asset.sha256());
            }
            GenericRoutes.fail(ctx, failure);
        });
    }

    private static boolean notModified(String ifNoneMatch, String ifModifiedSince, String etag, Instant updated) {
        if (ifNoneMatch != null) {
            for (String candidate : ifNoneMatch.split(",")) {
                String c = candidate.strip();
                if (c.equals("*") || c.equals(etag) || c.equals("W/" + etag)) {
                    return true;
                }
            }
            return false;
        }
        if (ifModifiedSince != null) {
            try {
                Instant since = ZonedDateTime.parse(ifModifiedSince, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                return !updated.truncatedTo(ChronoUnit.SECONDS).isAfter(since);
            } catch (DateTimeParseException ignored) {
                return false;
            }
        }
        return false;
    }

    /** A Range is honoured only when an If-Range validator (if any) still matches. */
    private static Optional<ByteRange> rangeIfCurrent(String range, String ifRange, String etag, long size)
            throws ByteRange.Unsatisfiable {
        if (range == null || (ifRange != null && !ifRange.strip().equals(etag))) {
            return Optional.empty();
        }
        return ByteRange.parse(range, size);
    }

    private static void putIfKnown(HttpServerResponse response, String header, String value) {
        if (value != null) {
            response.putHeader(header, value);
        }
    }

    static String httpDate(Instant instant) {
        return DateTimeFormatter.RFC_1123_DATE_TIME.format(instant.atZone(ZoneOffset.UTC));
    }
}
