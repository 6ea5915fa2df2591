package io.granary.registry.http;

import io.granary.registry.catalog.RepositoryDefinition;
import io.granary.registry.storage.ChecksumAlgorithm;
import io.granary.registry.storage.CommittedBlob;
import io.granary.registry.storage.ExpectedChecksums;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Receives a {@code multipart/form-data} request: the named file parts are each streamed into the
 * blob store (hashed, never held whole), the text fields collected. Other file parts are read and
 * dropped within a small bound. Fails like {@link BlobReceiver}, or with {@link BadForm}.
 */
@ApplicationScoped
public class MultipartReceiver {

    /** Bytes of file parts that are not wanted (signatures, attestations) read before refusing. */
    private static final long MAX_UNWANTED_BYTES = 1 << 20;

    /** The form is not what was expected (an unwanted part too large, a file field twice). */
    public static final class BadForm extends RuntimeException {
        BadForm(String message) {
            super(message, null, false, false);
        }
    }

    /** One received file part. */
    public record FilePart(String filename, CommittedBlob blob) {
    }

    /** The received form: text fields and the wanted file parts by field name. */
    public record Form(MultiMap fields, Map<String, FilePart> files) {
    }

    private final BlobReceiver receiver;

    MultipartReceiver(BlobReceiver receiver) {
        this.receiver = receiver;
    }

    /** Whether the request announces a multipart form. */
    public static boolean isMultipart(RoutingContext ctx) {
        String type = ctx.request().getHeader("Content-Type");
        return type != null && type.toLowerCase(java.util.Locale.ROOT).startsWith("multipart/form-data");
    }

    /**
     * Reads the whole form. Each wanted file part may have at most {@code limit} bytes (-1 = no limit)
     * and is hashed with SHA-256 and {@code extra}.
     */
    public Uni<Form> receive(RoutingContext ctx, RepositoryDefinition repository, Set<String> fileFields,
                             Set<ChecksumAlgorithm> extra, long limit) {
        var http = ctx.request();
        Promise<Form> done = Promise.promise();
        Map<String, FilePart> files = new LinkedHashMap<>();
        List<Future<?>> pending = new ArrayList<>();
        long[] unwanted = new long[1];
        http.setExpectMultipart(true);
        http.uploadHandler(upload -> {
            String field = upload.name();
            if (!fileFields.contains(field) || files.containsKey(field)) {
                upload.handler(b -> {
                    unwanted[0] += b.length();
                    if (unwanted[0] > MAX_UNWANTED_BYTES) {
                        done.tryFail(new BadForm("form part " + field + " is unexpected or too large"));
                    }
                });
                return;
            }
            files.put(field, null);
            upload.pause();
            Promise<Void> part = Promise.promise();
            pending.add(part.future());
            receiver.receive(ctx, repository, upload, extra, ExpectedChecksums.NONE, limit).subscribe().with(blob -> {
                files.put(field, new FilePart(upload.filename(), blob));
                part.complete();
            }, failure -> {
                part.tryFail(failure);
                done.tryFail(failure);
            });
        });
        http.exceptionHandler(done::tryFail);
        http.endHandler(v -> Future.all(pending).onComplete(ar -> {
            if (ar.succeeded()) {
                done.tryComplete(new Form(http.formAttributes(), Map.copyOf(files)));
            } else {
                done.tryFail(ar.cause());
            }
        }));
        if ("100-continue".equalsIgnoreCase(http.getHeader("Expect"))) {
            ctx.response().writeContinue();
        }
        http.resume();
        return Uni.createFrom().completionStage(done.future().toCompletionStage());
    }
}
