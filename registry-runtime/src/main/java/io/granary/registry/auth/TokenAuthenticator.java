package io.granary.registry.auth;

import io.granary.registry.coherence.CacheCoherence;
import io.granary.registry.config.GranaryConfig;
import io.granary.registry.metadata.TokenMetadataStore;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Resolves an {@code Authorization} header to a {@link Principal}. Resolved tokens are cached briefly
 * (keyed by the secret's hash, never the secret) because every request of a pull-heavy CI fleet
 * carries one. A revocation takes effect at once ({@link #invalidateAll}) here and, as its notice
 * arrives, on every other replica (see {@link CacheCoherence}); should the notice be lost, within the
 * cache TTL. An expiring token is never cached past its expiry.
 */
@ApplicationScoped
public class TokenAuthenticator {

    /** The outcome: a principal (anonymous when no credentials were sent) or invalid credentials. */
    public record Result(Principal principal, boolean invalid) {
        static final Result ANONYMOUS = new Result(Principal.ANONYMOUS, false);
        static final Result INVALID = new Result(Principal.ANONYMOUS, true);
    }

    private record Cached(Result result, long expiresAtNanos) {
    }

    private static final int MAX_CACHED = 10_000;
    /** Cache-coherence topic: some token changed, so every replica forgets all it cached. */
    private static final String TOPIC = "tokens";

    private final TokenMetadataStore tokens;
    private final long ttlNanos;
    private final CacheCoherence coherence;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    TokenAuthenticator(TokenMetadataStore tokens, GranaryConfig config, CacheCoherence coherence) {
        this.tokens = tokens;
        this.ttlNanos = config.auth().cacheTtl().toNanos();
        this.coherence = coherence;
        coherence.onChange(TOPIC, key -> cache.clear());
        coherence.onReset(cache::clear);
    }

    /** Authenticates the header value (may be null). */
    public Uni<Result> authenticate(String authorization) {
        Optional<String> secret = Credentials.secretFrom(authorization);
        if (secret.isEmpty()) {
            return Uni.createFrom().item(Result.ANONYMOUS);
        }
        if (secret.get().length() < TokenSecrets.MIN_LENGTH) {
            return Uni.createFrom().item(Result.INVALID);
        }
        String hash = TokenSecrets.hash(secret.get());
        Cached cached = cache.get(hash);
        long now = System.nanoTime();
        if (cached != null && now - cached.expiresAtNanos < 0) {
            return Uni.createFrom().item(cached.result);
        }
        return tokens.findActive(hash).map(found -> {
            Result result = found == null ? Result.INVALID : new Result(toPrincipal(found), false);
            if (cache.size() >= MAX_CACHED) {
                cache.clear();
            }
            cache.put(hash, new Cached(result, now + cachedFor(found)));
            return result;
        });
    }

    /** The TTL, cut short so that a token expiring sooner is not honoured past its expiry from memory. */
    private long cachedFor(TokenMetadataStore.TokenWithGrants found) {
        if (found == null || found.token().expiresAt == null) {
            return ttlNanos;
        }
        long untilExpiry = Duration.between(Instant.now(), found.token().expiresAt).toNanos();
        return Math.max(0, Math.min(ttlNanos, untilExpiry));
    }

    /** Forgets every cached token here and on every other replica, e.g. after a revocation. */
    public void invalidateAll() {
        cache.clear();
        coherence.changed(TOPIC, "");
    }

    private static Principal toPrincipal(TokenMetadataStore.TokenWithGrants found) {
        Map<String, Role> grants = new HashMap<>();
        found.grants().forEach((repo, role) -> grants.put(repo, Role.parse(role)));
        return new Principal(found.token().name, found.token().id, Map.copyOf(grants));
    }

}
