package io.granary.registry.proxy;

import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * GETs from upstreams, blocking (call it on a worker). Redirects are followed here, not by the JDK,
 * so every hop passes the {@link AddressGuard} and credentials go only to the upstream's own origin
 * (or to the token realm it names). Outages surface as {@link UpstreamUnavailableException}, so no
 * caller can mistake them for "not found".
 */
@ApplicationScoped
public class UpstreamClient {

    private static final Logger LOG = Logger.getLogger(UpstreamClient.class);
    private static final int MAX_REDIRECTS = 5;

    private final HttpClient http;
    private final ProxyConfig config;
    private final UpstreamSecrets secrets;
    /** Bearer tokens by challenge, so a pull of many blobs logs in once. */
    private final Map<String, CachedToken> tokens = new ConcurrentHashMap<>();

    private record CachedToken(String token, long expiresAtNanos) {
    }

    UpstreamClient(ProxyConfig config, UpstreamSecrets secrets) {
        this.config = config;
        this.secrets = secrets;
        this.http = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(config.connectTimeout())
                .build();
    }

    /** GET of {@code uri}: a 2xx or 404/410 response, else an exception saying why there is none. */
    public UpstreamResponse get(Upstream upstream, URI uri, Map<String, String> headers) throws IOException {
        URI current = uri;
        String bearer = null;
        boolean challenged = false;
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            AddressGuard.check(current, upstream.allowPrivate());
            HttpRequest.Builder request = HttpRequest.newBuilder(current).timeout(config.responseTimeout()).GET();
            headers.forEach(request::header);
            if (upstream.sameOrigin(current)) {
                String authorization = bearer != null ? "Bearer " + bearer : basicOrToken(upstream);
                if (authorization != null) {
                    request.header("Authorization", authorization);
                }
            }
            HttpResponse<InputStream> response = send(upstream, request.build());
            int status = response.statusCode();
            if (status / 100 == 3 && response.headers().firstValue("Location").isPresent()) {
                response.body().close();
                current = current.resolve(response.headers().firstValue("Location").get());
                continue;
            }
            if (status == 401 && !challenged) {
                BearerChallenge challenge = BearerChallenge.parse(response.headers().firstValue("WWW-Authenticate").orElse(null));
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

    private HttpResponse<InputStream> send(Upstream upstream, HttpRequest request) throws IOException {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (HttpTimeoutException e) {
            throw new UpstreamUnavailableException("upstream of " + upstream.repository() + " timed out", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UpstreamUnavailableException("interrupted", e);
        } catch (IOException e) {
            throw new UpstreamUnavailableException("upstream of " + upstream.repository() + " is unreachable: "
                    + e.getClass().getSimpleName(), e);
        }
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
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(config.responseTimeout()).GET();
        UpstreamCredentials credentials = credentials(upstream);
        if (credentials != null && credentials.isBasic()) {
            request.header("Authorization", credentials.authorization());
        }
        HttpResponse<InputStream> response = send(upstream, request.build());
        byte[] body;
        try (InputStream in = response.body()) {
            body = in.readNBytes(64 * 1024);
        }
        if (response.statusCode() != 200) {
            throw new UpstreamUnavailableException("token endpoint of " + upstream.repository() + "'s upstream answered "
                    + response.statusCode());
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
