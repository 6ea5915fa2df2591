package io.granary.registry.core;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.concurrent.Callable;

/**
 * Runs a blocking call (blob store I/O) on a worker thread and resumes on the caller's Vert.x
 * context, where Hibernate Reactive sessions must be used.
 */
public final class WorkerCalls {

    private WorkerCalls() {
    }

    /** Must be called on a Vert.x context (a request or a startup task). */
    public static <T> Uni<T> run(Callable<T> call) {
        Context context = Vertx.currentContext();
        if (context == null) {
            throw new IllegalStateException("blocking calls must be started from a Vert.x context");
        }
        return Uni.createFrom().emitter(emitter -> context.<T>executeBlocking(call, false).onComplete(ar -> {
            if (ar.succeeded()) {
                emitter.complete(ar.result());
            } else {
                emitter.fail(ar.cause());
            }
        }));
    }
}
