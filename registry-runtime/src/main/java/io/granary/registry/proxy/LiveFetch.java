package io.granary.registry.proxy;

import io.granary.registry.metadata.StoredAsset;
import io.granary.registry.storage.ExpectedChecksums;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One upstream transfer of an item, shared by every request that missed it while it runs. Bytes go
 * to the listeners as they arrive, except the latest chunk, which is held back until the whole body
 * has been checked against what the upstream publishes: a listener therefore never receives a
 * complete copy of content that turns out corrupt, only a transfer cut short. Chunks are kept for
 * requests joining late while their total stays within the replay budget; a request joining after
 * that waits for the stored copy.
 *
 * <p>The fetch thread calls {@link #headers}, {@link #push}, {@link #release} or {@link #fail};
 * listeners are called on that thread and hop to their own request's context themselves.
 */
final class LiveFetch {

    /**
     * What a streamed answer announces before its bytes: the length the upstream gave, the type, and the
     * checksums the upstream published (a client receives the whole body only if they hold), and when
     * the upstream answered: the stored copy, committed later, is stamped a little after that.
     */
    record Head(long length, String contentType, ExpectedChecksums published, Instant answeredAt) {

        /** The transfer is not streamed (no length from the upstream, or not found): wait for {@link #stored()}. */
        static final Head NONE = new Head(-1, null, ExpectedChecksums.NONE, Instant.EPOCH);

        boolean streamed() {
            return length >= 0;
        }
    }

    /** A request receiving the transfer. */
    interface Listener {

        void chunk(Buffer chunk);

        /** Every byte was delivered and verified. */
        void finished();

        /** The transfer failed: a request that got bytes must end as a failed transfer. */
        void failed(Throwable cause);

        /** Waits (bounded) until the listener has taken in most of what it was given; false if it is stuck. */
        boolean drain(long timeoutNanos);
    }

    private final long replayBudget;
    private final CompletableFuture<Head> head = new CompletableFuture<>();
    private final CompletableFuture<StoredAsset> stored = new CompletableFuture<>();
    /**
     * Copy-on-write because a listener's callback may detach it (a request failing ends itself) while
     * the fetch thread, holding this object's lock re-entrantly, is still walking the list.
     */
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final List<Buffer> replay = new ArrayList<>();
    private long replayed;
    private boolean replayComplete = true;
    private Buffer held;
    private boolean released;
    private boolean failed;

    LiveFetch(long replayBudget) {
        this.replayBudget = replayBudget;
    }

    /** Completes when bytes can be streamed, or with {@link Head#NONE}; fails if the upstream failed before. */
    Uni<Head> head() {
        return onCallerContext(head);
    }

    /** The committed asset, null when the upstream does not have the item. */
    Uni<StoredAsset> stored() {
        return onCallerContext(stored);
    }

    // ---- fetch side ----

    void headers(Head announced) {
        head.complete(announced);
    }

    synchronized void push(Buffer chunk) {
        if (held != null) {
            deliver(held);
        }
        held = chunk;
    }

    /** The body is complete and verified: the held-back chunk goes out and every listener finishes. */
    synchronized void release() {
        if (held != null) {
            deliver(held);
            held = null;
        }
        released = true;
        listeners.forEach(Listener::finished);
        listeners.clear();
    }

    /** The transfer failed: listeners that got bytes end as failed transfers, nobody may join any more. */
    synchronized void fail(Throwable cause) {
        failed = true;
        held = null;
        replay.clear();
        listeners.forEach(listener -> listener.failed(cause));
        listeners.clear();
    }

    /** Lets slow listeners catch up; a listener stuck longer than {@code timeoutNanos} is cut off. */
    void awaitListeners(long timeoutNanos) {
        List<Listener> current;
        synchronized (this) {
            current = List.copyOf(listeners);
        }
        for (Listener listener : current) {
            if (!listener.drain(timeoutNanos)) {
                synchronized (this) {
                    if (listeners.remove(listener)) {
                        listener.failed(new UpstreamUnavailableException("the client did not take the bytes in time"));
                    }
                }
            }
        }
    }

    /** The end of the fetch, committed or not: completes whatever a request may still wait for. */
    void complete(StoredAsset asset, Throwable failure) {
        if (failure != null) {
            fail(failure);
            head.completeExceptionally(failure);
            stored.completeExceptionally(failure);
        } else {
            head.complete(Head.NONE);
            stored.complete(asset);
        }
        synchronized (this) {
            replay.clear();
            replayComplete = false;
        }
    }

    // ---- request side ----

    /**
     * Starts {@code listener} on the transfer: the chunks delivered so far at once, the rest as they
     * arrive. False when it cannot follow (chunks beyond the replay budget are gone, or the transfer
     * failed): the request then waits for {@link #stored()}.
     */
    synchronized boolean attach(Listener listener) {
        if (failed || !replayComplete) {
            return false;
        }
        replay.forEach(listener::chunk);
        if (released) {
            listener.finished();
        } else {
            listeners.add(listener);
        }
        return true;
    }

    /** A listener gone (its client disconnected). */
    synchronized void detach(Listener listener) {
        listeners.remove(listener);
    }

    private void deliver(Buffer chunk) {
        if (replayComplete) {
            if (replayed + chunk.length() <= replayBudget) {
                replay.add(chunk);
                replayed += chunk.length();
            } else {
                replay.clear();
                replayComplete = false;
            }
        }
        for (Listener listener : listeners) {
            listener.chunk(chunk);
        }
    }

    /** Resumes a waiting request on its own Vert.x context, where its request (and any database session) lives. */
    private static <T> Uni<T> onCallerContext(CompletableFuture<T> future) {
        Context context = Vertx.currentContext();
        Uni<T> result = Uni.createFrom().completionStage(future);
        return context == null ? result : result.emitOn(task -> context.runOnContext(v -> task.run()));
    }
}
