package io.granary.registry.http;

import io.granary.registry.core.HostedAssets;
import io.granary.registry.metadata.StoredAsset;
import io.granary.registry.storage.BlobNotFoundException;
import io.granary.registry.storage.ChecksumAlgorithm;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Answers GET or HEAD with a stored asset, the same way for every format: ETag and checksum headers,
 * conditional requests, single byte ranges, small blobs from memory and large ones by {@link BlobSender}.
 */
@ApplicationScoped
public class StoredAssetResponder {

    private static final Logger LOG = Logger.getLogger(StoredAssetResponder.class);

    private final HostedAssets assets;
    private final BlobSender sender;

    StoredAssetResponder(HostedAssets assets, BlobSender sender) {
        this.assets = assets;
        this.sender = sender;
    }

    /** Sends the asset; errors (bad range, unreadable blob) are written with the protocol's {@code errors}. */
    public void serve(RoutingContext ctx, StoredAsset asset, ErrorWriter errors) {
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
            errors.write(ctx, 416, "RANGE_INVALID", "range not satisfiable for " + asset.size() + " bytes");
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
                    sendBlob(ctx, asset, offset, length, errors);
                } else {
                    assets.noteDownload(asset);
                    response.end(Buffer.buffer(bytes));
                }
            }, failure -> fail(ctx, failure, errors));
            return;
        }
        sendBlob(ctx, asset, offset, length, errors);
    }

    private void sendBlob(RoutingContext ctx, StoredAsset asset, long offset, long length, ErrorWriter errors) {
        HttpServerResponse response = ctx.response();
        assets.open(asset, offset, length).subscribe().with(content -> {
            assets.noteDownload(asset);
            sender.send(Vertx.currentContext(), ctx.request(), content).onFailure(e -> {
                if (!response.headWritten()) {
                    LOG.errorf("Asset %s: blob %s cannot be read: %s", asset.path(), asset.sha256(), e.getMessage());
                    fail(ctx, e, errors);
                } else {
                    LOG.debugf("Download of %s ended early: %s", asset.path(), e.getMessage());
                }
            });
        }, failure -> {
            if (failure instanceof BlobNotFoundException) {
                LOG.errorf("Asset %s points at missing blob %s", asset.path(), asset.sha256());
            }
            fail(ctx, failure, errors);
        });
    }

    private static void fail(RoutingContext ctx, Throwable failure, ErrorWriter errors) {
        LOG.errorf(failure, "Request %s %s (request id %s) failed", ctx.request().method(), ctx.request().path(),
                RequestIds.of(ctx));
        errors.write(ctx, 500, "INTERNAL", "internal error (request id " + RequestIds.of(ctx) + ")");
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

    /** An instant as an HTTP date (RFC 1123, GMT). */
    public static String httpDate(Instant instant) {
        return DateTimeFormatter.RFC_1123_DATE_TIME.format(instant.atZone(ZoneOffset.UTC));
    }
}
