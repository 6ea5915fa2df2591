package io.granary.registry.group;

import io.granary.registry.http.RequestIds;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Reads of metadata that must be merged: every member is asked at once, the documents of those that
 * have it (each bounded in size) are merged in member order, and the result is answered with its own
 * ETag. Members that failed are named in a response header and logged, never hidden.
 */
@ApplicationScoped
class MergedRead {

    /** The most a member's metadata document may weigh; beyond it the merge fails with 502. */
    static final int MAX_DOCUMENT_BYTES = 32 * 1024 * 1024;
    /** Header naming members that failed while others answered, making the merge incomplete. */
    static final String INCOMPLETE = "X-Granary-Group-Incomplete";
    private static final Logger LOG = Logger.getLogger(MergedRead.class);

    private final MemberClient client;

    MergedRead(MemberClient client) {
        this.client = client;
    }

    void serve(GroupRequest request, MetadataMerge merge) {
        String invalid = merge.invalidQuery(request);
        if (invalid != null) {
            request.errors().write(request.ctx(), 400, GroupRoutes.INVALID_QUERY, invalid);
            return;
        }
        MemberMisses misses = new MemberMisses();
        String path = merge.memberPath(request.rest());
        List<Future<MetadataMerge.MemberBody>> answers = new ArrayList<>();
        for (String member : request.members()) {
            answers.add(fetch(request, member, request.memberUri(member, path,
                    merge.memberQuery(request.ctx().request().query())), misses));
        }
        Future.join(answers).onComplete(all -> {
            List<MetadataMerge.MemberBody> bodies = new ArrayList<>();
            for (Future<MetadataMerge.MemberBody> answer : answers) {
                if (answer.succeeded() && answer.result() != null) {
                    bodies.add(answer.result());
                }
            }
            if (bodies.isEmpty()) {
                misses.answer(request);
                return;
            }
            MetadataMerge.Merged merged;
            try {
                merged = merge.merge(request, bodies);
            } catch (IllegalArgumentException e) {
                LOG.warnf("Group %s could not merge %s (request id %s): %s", request.group().name(), path,
                        RequestIds.of(request.ctx()), e.getMessage());
                request.errors().write(request.ctx(), 502, "BAD_GATEWAY", "a member's metadata could not be merged: "
                        + e.getMessage());
                return;
            } catch (RuntimeException e) {
                LOG.errorf(e, "Group %s failed to merge %s (request id %s)", request.group().name(), path,
                        RequestIds.of(request.ctx()));
                request.errors().write(request.ctx(), 500, "INTERNAL", "internal error (request id "
                        + RequestIds.of(request.ctx()) + ")");
                return;
            }
            if (misses.anyFailed()) {
                LOG.warnf("Group %s merged %s without failed members %s (request id %s)", request.group().name(),
                        path, misses.failed(), RequestIds.of(request.ctx()));
                request.ctx().response().putHeader(INCOMPLETE, misses.failed());
            }
            respond(request, merged);
        });
    }

    private Future<MetadataMerge.MemberBody> fetch(GroupRequest request, String member, String uri,
                                                    MemberMisses misses) {
        return client.read(request.ctx().request(), HttpMethod.GET, uri,
                request.credentials(), false).transform(done -> {
                    if (done.failed()) {
                        misses.unreachable(member, done.cause());
                        return Future.succeededFuture();
                    }
                    HttpClientResponse response = done.result();
                    if (response.statusCode() != 200) {
                        misses.record(member, response);
                        return Future.succeededFuture();
                    }
                    String inner = response.getHeader(INCOMPLETE);
                    if (inner != null) {
                        // A nested group merged without some of its members: so is this merge.
                        misses.incomplete(member + " [" + inner + "]");
                    }
                    return bounded(response).map(bytes -> new MetadataMerge.MemberBody(member,
                            response.getHeader("Content-Type"), bytes)).recover(tooLarge -> {
                                misses.unreachable(member, tooLarge);
                                return Future.succeededFuture();
                            });
                });
    }

    /** The body, or a failure once it exceeds {@link #MAX_DOCUMENT_BYTES} (the connection is then reset). */
    private static Future<byte[]> bounded(HttpClientResponse response) {
        Promise<byte[]> result = Promise.promise();
        Buffer collected = Buffer.buffer();
        response.handler(chunk -> {
            if (collected.length() + chunk.length() > MAX_DOCUMENT_BYTES) {
                response.request().reset();
                result.tryFail(new MetadataTooLarge());
                return;
            }
            collected.appendBuffer(chunk);
        });
        response.exceptionHandler(result::tryFail);
        response.endHandler(v -> result.tryComplete(collected.getBytes()));
        return result.future();
    }

    private static void respond(GroupRequest request, MetadataMerge.Merged merged) {
        HttpServerResponse response = request.ctx().response();
        String etag = "\"" + sha1(merged.bytes()) + "\"";
        response.putHeader("ETag", etag).putHeader("Cache-Control", "no-cache");
        merged.headers().forEach(response::putHeader);
        if (merged.contentType() != null) {
            response.putHeader("Content-Type", merged.contentType());
        }
        if (etag.equals(request.ctx().request().getHeader("If-None-Match"))) {
            response.setStatusCode(304).end();
        } else if (request.head()) {
            response.putHeader("Content-Length", Integer.toString(merged.bytes().length)).setStatusCode(200).end();
        } else {
            response.setStatusCode(200).end(Buffer.buffer(merged.bytes()));
        }
    }

    private static String sha1(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A member's metadata beyond the bound. */
    static final class MetadataTooLarge extends RuntimeException {
        MetadataTooLarge() {
            super("metadata larger than " + MAX_DOCUMENT_BYTES + " bytes", null, false, false);
        }
    }
}
