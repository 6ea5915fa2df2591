package io.granary.registry.http;

import io.granary.registry.config.GranaryConfig;
import io.granary.registry.catalog.RepositoryDefinition;
import io.granary.registry.core.HostedAssets;
import io.granary.registry.core.WorkerCalls;
import io.granary.registry.storage.ChecksumAlgorithm;
import io.granary.registry.storage.CommittedBlob;
import io.granary.registry.storage.ExpectedChecksums;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;

/**
 * Receives a request body as a new blob, for every format that takes single-request uploads: the
 * body is streamed into the blob store while hashing, then committed if the announced checksums
 * match. Fails with {@link RequestBodyPump.TooLarge}, {@link Incomplete} or
 * {@link io.granary.registry.storage.ChecksumMismatchException}; nothing is stored then.
 */
@ApplicationScoped
public class BlobReceiver {

    /** The body ended early or could not be written. */
    public static final class Incomplete extends RuntimeException {
        Incomplete(Throwable cause) {
            super("the request body was not received whole: " + cause.getMessage(), cause, false, false);
        }
    }

    private final HostedAssets assets;
    private final GranaryConfig config;

    BlobReceiver(HostedAssets assets, GranaryConfig config) {
        this.assets = assets;
        this.config = config;
    }

    /**
     * The most bytes a body may have given the repository's remaining quota (-1 = no quota), and the
     * configured upload limit; -1 when unlimited.
     */
    public long limit(long remainingQuota) {
        long maxBytes = config.upload().maxBytes();
        if (maxBytes <= 0) {
            return remainingQuota;
        }
        return remainingQuota < 0 ? maxBytes : Math.min(remainingQuota, maxBytes);
    }

    /**
     * Streams the body (at most {@code limit} bytes, -1 = unlimited) into the repository's store, hashing SHA-256 and
     * {@code extra}.
     */
    public Uni<CommittedBlob> receive(RoutingContext ctx, RepositoryDefinition repository, Set<ChecksumAlgorithm> extra,
                                      ExpectedChecksums expected, long limit) {
        return receive(ctx, repository, ctx.request(), extra, expected, limit);
    }

    /**
     * Streams {@code body}: the request itself or one part of it (a multipart file upload, paused by
     * the caller until now). The caller answers {@code Expect: 100-continue} itself for a part.
     */
    public Uni<CommittedBlob> receive(RoutingContext ctx, RepositoryDefinition repository, ReadStream<Buffer> body,
                                      Set<ChecksumAlgorithm> extra, ExpectedChecksums expected, long limit) {
        Context context = Vertx.currentContext();
        return WorkerCalls.run(() -> assets.blobs(repository).openWriter(extra)).chain(writer -> {
            // Only now, admitted and within quota, invite a client that waits for it to send the body.
            if (body == ctx.request() && "100-continue".equalsIgnoreCase(ctx.request().getHeader("Expect"))) {
                ctx.response().writeContinue();
            }
            var pumped = new RequestBodyPump(context, body, writer, config.upload().batchBytes(), limit).run();
            return Uni.createFrom().completionStage(pumped.toCompletionStage())
                    .onFailure().transform(failure -> {
                        context.executeBlocking(() -> {
                            writer.abort();
                            return null;
                        }, false);
                        return failure instanceof RequestBodyPump.TooLarge ? failure : new Incomplete(failure);
                    })
                    .chain(size -> WorkerCalls.run(() -> writer.commit(expected)));
        });
    }
}
