package io.granary.registry.group;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.HttpClientOptions;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;

/**
 * Sub-requests from a group to its members, sent to this runtime's own listener on loopback so that
 * every member is served by its own routes (hosted or proxy alike) and admits or refuses the caller
 * itself. Connections are pooled and kept alive; nothing leaves the machine.
 */
@ApplicationScoped
public class MemberClient {

    /** Counts how many groups a request already went through, so a cycle of groups ends. */
    static final String HOPS = "X-Granary-Group-Hops";
    /** Groups nested deeper than this are refused (a cycle would otherwise recurse forever). */
    static final int MAX_HOPS = 4;

    /** Request headers a member needs to answer as it would answer the caller. */
    private static final Set<String> READ_HEADERS = Set.of("authorization", "accept", "range", "if-none-match",
            "if-modified-since", "if-match", "if-range", "user-agent", "npm-command", "x-forwarded-proto",
            "x-forwarded-host", "x-forwarded-port", "forwarded");
    private static final Set<String> CONDITIONAL = Set.of("range", "if-none-match", "if-modified-since", "if-match",
            "if-range");
    /** Hop-by-hop headers never forwarded (RFC 9110 §7.6.1) plus the ones set here. */
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-connection",
            "transfer-encoding", "te", "trailer", "upgrade", "host", "expect", HOPS.toLowerCase());

    private final HttpClient client;

    MemberClient(Vertx vertx) {
        // Only ever this runtime's own listener on loopback: when it speaks TLS, its certificate is ours.
        this.client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setTryUseCompression(false)
                        .setTrustAll(true).setVerifyHost(false),
                new PoolOptions().setHttp1MaxSize(64));
    }

    @PreDestroy
    void close() {
        client.close();
    }

    /**
     * A read (GET or HEAD) of {@code uri} with the caller's headers; {@code authorization} replaces the
     * caller's credentials (OCI member tokens) and {@code conditional} keeps the caller's
     * If-None-Match and the like (not when the group merges the answers and validates them itself).
     */
    Future<HttpClientResponse> read(HttpServerRequest origin, HttpMethod method, String uri,
                                    MemberCredentials credentials, boolean conditional) {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap();
        origin.headers().forEach(h -> {
            String name = h.getKey().toLowerCase();
            if (READ_HEADERS.contains(name) && (conditional || !CONDITIONAL.contains(name))) {
                headers.add(h.getKey(), h.getValue());
            }
        });
        credentials.apply(headers);
        return open(origin, method, uri, headers).compose(HttpClientRequest::send);
    }

    /**
     * The caller's request sent on to {@code uri} with its headers and its body streamed through (never
     * held in memory), with the credentials the member is to see.
     */
    Future<HttpClientResponse> forward(HttpServerRequest origin, String uri, MemberCredentials credentials) {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap();
        origin.headers().forEach(h -> {
            if (!HOP_BY_HOP.contains(h.getKey().toLowerCase())) {
                headers.add(h.getKey(), h.getValue());
            }
        });
        credentials.apply(headers);
        return open(origin, origin.method(), uri, headers).compose(request -> {
            if (!headers.contains(HttpHeaders.CONTENT_LENGTH)) {
                request.setChunked(true);
            }
            // Expect is not forwarded (the body streams at once), so the caller waiting for it is told here.
            if ("100-continue".equalsIgnoreCase(origin.getHeader(HttpHeaders.EXPECT))) {
                origin.response().writeContinue();
            }
            return request.send(origin);
        });
    }

    private Future<HttpClientRequest> open(HttpServerRequest origin, HttpMethod method, String uri, MultiMap headers) {
        headers.set(HOPS, Integer.toString(hops(origin) + 1));
        RequestOptions options = new RequestOptions()
                .setHost("127.0.0.1")
                .setPort(origin.localAddress().port())
                .setSsl(origin.isSSL())
                .setMethod(method)
                .setURI(uri)
                .setHeaders(headers);
        return client.request(options).map(request -> {
            // The member builds absolute URLs (npm tarballs, PyPI files) from the Host the caller used.
            if (origin.authority() != null) {
                request.authority(origin.authority());
            }
            return request;
        });
    }

    /**
     * How many groups the request already passed through. Callers can send the header too: a value
     * that is not a count (negative would lift the bound on a cycle) counts as too many.
     */
    static int hops(HttpServerRequest request) {
        String value = request.getHeader(HOPS);
        try {
            int hops = value == null ? 0 : Integer.parseInt(value.strip());
            return hops < 0 ? MAX_HOPS : hops;
        } catch (NumberFormatException e) {
            return MAX_HOPS;
        }
    }
}
