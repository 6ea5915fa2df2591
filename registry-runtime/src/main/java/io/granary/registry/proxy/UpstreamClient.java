package io.granary.registry.proxy;

import io.netty.channel.EventLoop;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.impl.ContextInternal;
import io.vertx.core.json.JsonObject;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * GETs from upstreams, blocking (call it on a worker). Redirects are followed here, not by the client,
 * so every hop passes the {@link AddressGuard} and credentials go only to the upstream's own origin
 * (or to the token realm it names). Outages surface as {@link UpstreamUnavailableException}, so no
 * caller can mistake them for "not found".
 *
 * <p>Requests go through Vert.x's (Netty's) client: bodies are read on an event loop into pooled
 * buffers and handed to the worker as they come ({@link UpstreamBody}). The JDK's client read them on
 * its own selector thread and copied them twice more, which cost a cold miss more CPU than hashing.
 */
@ApplicationScoped
public class UpstreamClient {

    private static final Logger LOG = Logger.getLogger(UpstreamClient.class);
    private static final int MAX_REDIRECTS = 5;
    private static final int MAX_CONNECTIONS_PER_UPSTREAM = 512;
    private static final int MAX_CHUNK_SIZE = 1024 * 1024;

    /**
     * One client (so one connection pool) per event loop. A pooled connection reads on the event loop
     * that opened it; shared across loops, a body read on one loop went to a client written on another,
     * one task hop per chunk, and a 64 MiB cold miss took 15-20% longer than with both on one loop.
     */
    private final Map<EventLoop, HttpClient> clients = new ConcurrentHashMap<>();
    private final HttpClientOptions options;
    private final Vertx vertx;
    private final ProxyConfig config;
    private final UpstreamSecrets secrets;
    /** Bearer tokens by challenge, so a pull of many blobs logs in once. */
    private final Map<String, CachedToken> tokens = new ConcurrentHashMap<>();

    private record CachedToken(String token, long expiresAtNanos) {
    }

    /** A response as received: status, headers and the body still arriving. */
    private record Received(int status, HttpHeaders headers, UpstreamBody body) {

        String header(String name) {
            return headers.firstValue(name).orElse(null);
        }
    }

    UpstreamClient(ProxyConfig config, UpstreamSecrets secrets, Vertx vertx) {
        this.config = config;
        this.secrets = secrets;
        this.vertx = vertx;
        this.options = new HttpClientOptions()
                .setConnectTimeout((int) config.connectTimeout().toMillis())
                .setKeepAlive(true)
                // Vert.x allows 5 connections per host by default; a fetch may hold one open while it
                // asks for the published checksum (Maven's .sha1) on another, so a small pool could
                // starve concurrent misses. Idle connections close after the keep-alive timeout.
                .setMaxPoolSize(MAX_CONNECTIONS_PER_UPSTREAM)
                .setMaxRedirects(0)
                // Netty's decoder cuts a body into pieces of at most this size, and each piece costs an
                // event, a copy into a heap buffer and a hand-off to the worker. The default (8 KiB)
                // made a 64 MiB body 8,192 of them; pieces are now as large as a socket read.
                .setMaxChunkSize(MAX_CHUNK_SIZE)
                .setTryUseCompression(false)
                .setForceSni(true)
                .setVerifyHost(true);
    }

    @PreDestroy
    void close() {
        clients.values().forEach(HttpClient::close);
    }

    /** GET of {@code uri}: a 2xx or 404/410 response, else an exception saying why there is none. */
    public UpstreamResponse get(Upstream upstream, URI uri, Map<String, String> headers) throws IOException {
        URI current = uri;
        String bearer = null;
        boolean challenged = false;
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            AddressGuard.check(current, upstream.allowPrivate());
            RequestOptions request = new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(current.toString());
            headers.forEach(request::putHeader);
            if (upstream.sameOrigin(current)) {
                String authorization = bearer != null ? "Bearer " + bearer : basicOrToken(upstream);
                if (authorization != null) {
                    request.putHeader("Authorization", authorization);
                }
            }
            Received response = send(upstream, request);
            int status = response.status();
            if (status / 100 == 3 && response.header("Location") != null) {
                response.body().close();
                current = current.resolve(response.header("Location"));
                continue;
            }
            if (status == 401 && !challenged) {
                BearerChallenge challenge = BearerChallenge.parse(response.header("WWW-Authenticate"));
                response.body().close();
                if (challenge == null) {
                    throw new UpstreamUnavailableException("upstream of " + upstream.repository() + " refused our credentials (401)");
                }
                challenged = true;
                bearer = token(upstream, challenge);
                hop--;
                continue;
            }
            if (status / 100 == 2 || status == 404 || status == 410) {
                return new UpstreamResponse(status, response.headers(), response.body());
            }
            response.body().close();
            throw new UpstreamUnavailableException("upstream of " + upstream.repository() + " answered " + status);
        }
        throw new UpstreamUnavailableException("upstream of " + upstream.repository() + " redirected more than "
                + MAX_REDIRECTS + " times");
    }

    /** The whole body of a small upstream document, or null when the upstream has none (404/410). */
    public byte[] getBytes(Upstream upstream, URI uri, Map<String, String> headers, int maxBytes) throws IOException {
        try (UpstreamResponse response = get(upstream, uri, headers)) {
            if (response.notFound()) {
                return null;
            }
            byte[] bytes = response.body().readNBytes(maxBytes + 1);
            if (bytes.length > maxBytes) {
                throw new UpstreamUnavailableException("upstream document " + uri.getPath() + " exceeds " + maxBytes + " bytes");
            }
            return bytes;
        }
    }

    /**
     * Sends the request and waits for the response's headers (at most the response timeout); its
     * body is then read through {@link UpstreamBody}, which stalls out after the same time.
     */
    private Received send(Upstream upstream, RequestOptions request) throws IOException {
        long timeout = config.responseTimeout().toMillis();
        request.setIdleTimeout(timeout);
        Context context = eventLoop();
        CompletableFuture<Received> received = new CompletableFuture<>();
        HttpClient http = clients.computeIfAbsent(((ContextInternal) context).nettyEventLoop(),
                loop -> vertx.createHttpClient(options));
        context.runOnContext(v -> http.request(request)
                .compose(outgoing -> outgoing.send())
                .onSuccess(response -> {
                    // Attached in the callback that delivers the response, on its event loop: no byte is missed.
                    UpstreamBody body = new UpstreamBody(response, context, config.responseTimeout().toNanos(),
                            upstream.repository());
                    Received answer = new Received(response.statusCode(), headers(response.headers()), body);
                    if (!received.complete(answer)) {
                        body.close(); // the caller gave up waiting
                    }
                })
                .onFailure(received::completeExceptionally));
        try {
            return received.get(timeout + config.connectTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            received.cancel(false);
            throw new UpstreamUnavailableException("upstream of " + upstream.repository() + " timed out", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UpstreamUnavailableException("interrupted", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            // Vert.x reports its idle timeout as a TimeoutException ("The timeout period of ... has been exceeded").
            boolean timedOut = cause instanceof TimeoutException || String.valueOf(cause.getMessage()).contains("timeout");
            throw new UpstreamUnavailableException("upstream of " + upstream.repository()
                    + (timedOut ? " timed out" : " is unreachable: " + cause.getClass().getSimpleName()), cause);
        }
    }

    /**
     * The caller's event loop (a worker started from a request runs on its context): the upstream body
     * then arrives on the thread that writes it to the client. Elsewhere a fresh event-loop context.
     */
    private Context eventLoop() {
        Context current = Vertx.currentContext();
        return current != null && current.isEventLoopContext() ? current
                : ((io.vertx.core.impl.VertxInternal) vertx).createEventLoopContext();
    }

    /** The response headers in the JDK's read-only form, which callers read them through. */
    private static HttpHeaders headers(io.vertx.core.MultiMap multi) {
        Map<String, List<String>> map = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        multi.forEach(entry -> map.computeIfAbsent(entry.getKey(), k -> new ArrayList<>()).add(entry.getValue()));
        return HttpHeaders.of(map, (name, value) -> true);
    }

    private String basicOrToken(Upstream upstream) {
        UpstreamCredentials credentials = credentials(upstream);
        return credentials == null ? null : credentials.authorization();
    }

    private UpstreamCredentials credentials(Upstream upstream) {
        if (upstream.secretName() == null) {
            return null;
        }
        UpstreamCredentials credentials = secrets.read(upstream.secretName()).map(UpstreamCredentials::of).orElse(null);
        if (credentials == null) {
            LOG.warnf("Proxy repository %s: Secret %s is missing or has neither username/password nor token; "
                    + "asking the upstream anonymously", upstream.repository(), upstream.secretName());
        }
        return credentials;
    }

    /** A token for the challenge, from cache or from the realm (sent the basic credentials, as docker clients do). */
    private String token(Upstream upstream, BearerChallenge challenge) throws IOException {
        CachedToken cached = tokens.get(challenge.key());
        if (cached != null && cached.expiresAtNanos() - System.nanoTime() > 0) {
            return cached.token();
        }
        URI uri = challenge.tokenUri();
        AddressGuard.check(uri, upstream.allowPrivate());
        RequestOptions request = new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(uri.toString());
        UpstreamCredentials credentials = credentials(upstream);
        if (credentials != null && credentials.isBasic()) {
            request.putHeader("Authorization", credentials.authorization());
        }
        Received response = send(upstream, request);
        byte[] body;
        try (InputStream in = response.body()) {
            body = in.readNBytes(64 * 1024);
        }
        if (response.status() != 200) {
            throw new UpstreamUnavailableException("token endpoint of " + upstream.repository() + "'s upstream answered "
                    + response.status());
        }
        JsonObject json = new JsonObject(new String(body, StandardCharsets.UTF_8));
        String token = json.getString("token", json.getString("access_token"));
        if (token == null) {
            throw new UpstreamUnavailableException("token endpoint of " + upstream.repository() + "'s upstream sent no token");
        }
        long seconds = Math.max(10, json.getLong("expires_in", 60L) - 5);
        tokens.put(challenge.key(), new CachedToken(token, System.nanoTime() + seconds * 1_000_000_000L));
        return token;
    }
}
