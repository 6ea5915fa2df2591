package io.granary.registry.proxy;

import io.granary.registry.http.RequestIds;
import io.granary.registry.http.StoredAssetResponder;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpMethod;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * Answers proxied reads: cached items through the {@link StoredAssetResponder} (so ranges, ETags and
 * zero-copy work as for hosted content), each with an {@code X-Granary-Cache} header; upstream
 * failures as the format's own 404/502/504 without internals.
 */
@ApplicationScoped
public class ProxyResponder {

    /** Response header saying whether the answer came from cache, upstream, or a stale copy. */
    public static final String CACHE_HEADER = "X-Granary-Cache";
    private static final Logger LOG = Logger.getLogger(ProxyResponder.class);

    private final ProxyCache cache;
    private final StoredAssetResponder responder;

    ProxyResponder(ProxyCache cache, StoredAssetResponder responder) {
        this.cache = cache;
        this.responder = responder;
    }

    /**
     * Resolves the item and sends its bytes unchanged; on a miss a GET follows the upstream transfer as
     * it arrives (headers the format adds are set by the caller first).
     */
    public void serve(ProxyRequest request, ProxyItem item) {
        subscribe(request, cache.answer(request.repository(), request.upstream(), item, streams(request)),
                item.cachePath(), answer -> send(request, answer, item.cachePath()));
    }

    /**
     * Serves a file that never changes: from cache at once when it is there, else {@code item} is
     * computed (which may read an index to learn the file's upstream URL and digest) and resolved.
     */
    public void serveImmutable(ProxyRequest request, String cachePath, java.util.function.Function<ProxyRequest, Uni<ProxyItem>> item) {
        subscribe(request, cache.cachedImmutable(request.repository(), cachePath).chain(cached -> cached != null
                ? Uni.createFrom().item(new ProxyCache.Answer(cached, CacheState.HIT, null, null))
                : item.apply(request).chain(found -> found == null ? Uni.createFrom().nullItem()
                        : cache.answer(request.repository(), request.upstream(), found, streams(request)))),
                cachePath, answer -> send(request, answer, cachePath));
    }

    /** Only a GET follows a transfer: a HEAD waits for the stored copy, which has every header. */
    private static boolean streams(ProxyRequest request) {
        return request.ctx().request().method() == HttpMethod.GET;
    }

    /** Sends a stored asset, or follows the transfer under way (or, too late to follow it, its stored result). */
    private void send(ProxyRequest request, ProxyCache.Answer answer, String what) {
        request.ctx().response().putHeader(CACHE_HEADER, answer.state().header());
        if (answer.asset() != null) {
            responder.serve(request.ctx(), answer.asset(), request.errors());
        } else if (!LiveResponse.start(request.ctx(), answer.live(), answer.head(), failure -> fail(request, what, failure))) {
            subscribe(request, answer.live().stored(), what,
                    stored -> responder.serve(request.ctx(), stored, request.errors()));
        }
    }

    /** A cached (or freshly fetched) index document's bytes, or null when the upstream has none. */
    public Uni<IndexDocument> index(ProxyRequest request, ProxyItem item) {
        return cache.resolve(request.repository(), request.upstream(), item)
                .chain(hit -> hit == null ? Uni.createFrom().nullItem()
                        : cache.read(hit.asset()).map(bytes -> new IndexDocument(hit, bytes)));
    }

    /** An index (packument, simple page, index.yaml) as cached, with how it was obtained. */
    public record IndexDocument(ProxyHit hit, byte[] bytes) {
    }

    /** Sends a hit's bytes unchanged (headers the format adds are set by the caller first). */
    public void sendAsset(ProxyRequest request, ProxyHit hit) {
        responder.serve(request.ctx(), hit.asset(), request.errors());
    }

    /** Resolves the item and hands the hit to {@code found}; not-found and failures are answered here. */
    public void resolve(ProxyRequest request, ProxyItem item, Consumer<ProxyHit> found) {
        subscribe(request, cache.resolve(request.repository(), request.upstream(), item), item.cachePath(), hit -> {
            request.ctx().response().putHeader(CACHE_HEADER, hit.state().header());
            found.accept(hit);
        });
    }

    /** Sends a rewritten document (a packument, an index) built from a cached one. */
    public void sendDocument(ProxyRequest request, ProxyHit hit, String contentType, byte[] body) {
        var response = request.ctx().response();
        response.putHeader(CACHE_HEADER, hit.state().header()).putHeader("Content-Type", contentType)
                .putHeader("ETag", "\"" + hit.asset().sha256() + "\"");
        if (request.ctx().request().method() == HttpMethod.HEAD) {
            response.putHeader("Content-Length", Integer.toString(body.length)).end();
        } else {
            response.end(io.vertx.core.buffer.Buffer.buffer(body));
        }
    }

    /** Subscribes to a proxy lookup: null is the format's 404, failures its 502/504. */
    public <T> void subscribe(ProxyRequest request, Uni<T> lookup, String what, Consumer<T> found) {
        lookup.subscribe().with(result -> {
            if (result == null) {
                request.notFound(what);
            } else {
                try {
                    found.accept(result);
                } catch (RuntimeException e) {
                    fail(request, what, e);
                }
            }
        }, failure -> fail(request, what, failure));
    }

    /** Answers a failed lookup: the message says what went wrong upstream, never credentials or internals. */
    public void fail(ProxyRequest request, String what, Throwable failure) {
        String id = RequestIds.of(request.ctx());
        if (failure instanceof UpstreamUnavailableException) {
            LOG.warnf("Request %s: upstream of %s cannot serve %s: %s", id, request.repository().name(), what,
                    failure.getMessage());
            boolean timeout = failure.getMessage() != null && failure.getMessage().contains("timed out");
            request.errors().write(request.ctx(), timeout ? 504 : 502, "UPSTREAM_UNAVAILABLE",
                    "the upstream cannot serve " + what + " and no cached copy exists (request id " + id + ")");
        } else if (failure instanceof IntegrityException || failure instanceof UpstreamRefusedException) {
            request.errors().write(request.ctx(), 502, "UPSTREAM_REJECTED", failure.getMessage() + " (request id " + id + ")");
        } else {
            LOG.errorf(failure, "Request %s: proxy %s failed on %s", id, request.repository().name(), what);
            request.errors().write(request.ctx(), 500, "INTERNAL", "internal error (request id " + id + ")");
        }
    }
}
