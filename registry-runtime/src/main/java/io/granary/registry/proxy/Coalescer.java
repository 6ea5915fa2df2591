package io.granary.registry.proxy;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Runs one fetch per key at a time: the first caller leads, callers arriving while it runs wait for
 * its result instead of asking the upstream again. Each waiter resumes on its own Vert.x context,
 * where its request (and any database session) lives.
 */
final class Coalescer<T> {

    private final Map<String, CompletableFuture<T>> inFlight = new ConcurrentHashMap<>();

    /** The result of {@code fetch} for {@code key}, run only if no fetch of that key is under way. */
    Uni<T> run(String key, Supplier<Uni<T>> fetch) {
        CompletableFuture<T> mine = new CompletableFuture<>();
        CompletableFuture<T> running = inFlight.putIfAbsent(key, mine);
        if (running != null) {
            return follow(running);
        }
        return Uni.createFrom().<T>deferred(fetch::get)
                .onTermination().invoke((item, failure, cancelled) -> {
                    inFlight.remove(key, mine);
                    if (failure != null) {
                        mine.completeExceptionally(failure);
                    } else if (cancelled) {
                        mine.completeExceptionally(new UpstreamUnavailableException("the fetch was cancelled"));
                    } else {
                        mine.complete(item);
                    }
                });
    }

    /** Fetches under way (for tests and metrics). */
    int inFlight() {
        return inFlight.size();
    }

    private static <T> Uni<T> follow(CompletableFuture<T> running) {
        Context context = Vertx.currentContext();
        Uni<T> result = Uni.createFrom().completionStage(running);
        return context == null ? result : result.emitOn(task -> context.runOnContext(v -> task.run()));
    }
}
