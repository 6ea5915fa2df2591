package io.granary.registry.metadata;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.hibernate.reactive.mutiny.Mutiny;

/** Token rows and their grants. */
@ApplicationScoped
public class TokenMetadataStore {

    /** A token with its grants (repository → role name). */
    public record TokenWithGrants(AccessTokenRecord token, Map<String, String> grants) {
    }

    private final Mutiny.SessionFactory sessions;

    TokenMetadataStore(Mutiny.SessionFactory sessions) {
        this.sessions = sessions;
    }

    /** Stores a new token under the hash of its secret. */
    public Uni<AccessTokenRecord> create(String name, String secretHash, Map<String, String> grants, Instant expiresAt,
                                         String createdBy) {
        return sessions.withTransaction(s -> {
            AccessTokenRecord token = new AccessTokenRecord();
            token.id = UUID.randomUUID();
            token.name = name;
            token.secretHash = secretHash;
            token.createdBy = createdBy;
            token.createdAt = Instant.now();
            token.expiresAt = expiresAt;
            Uni<Void> chain = s.persist(token);
            for (var grant : grants.entrySet()) {
                TokenGrantRecord g = new TokenGrantRecord();
                g.tokenId = token.id;
                g.repository = grant.getKey();
                g.role = grant.getValue();
                chain = chain.chain(() -> s.persist(g));
            }
            return chain.replaceWith(token);
        });
    }

    /**
     * Makes sure a token with this hash exists with the given grants (used for the bootstrap admin).
     * Replicas starting together all run this, so the insert tolerates losing the race.
     */
    public Uni<Void> ensure(String name, String secretHash, Map<String, String> grants) {
        UUID id = UUID.randomUUID();
        return sessions.withTransaction(s -> s.createNativeQuery("INSERT INTO access_token (id, name, secret_hash, created_by) "
                                + "VALUES (:id, :name, :hash, 'bootstrap') ON CONFLICT (secret_hash) DO NOTHING")
                .setParameter("id", id)
                .setParameter("name", name)
                .setParameter("hash", secretHash)
                .executeUpdate()
                .chain(inserted -> {
                    Uni<Void> chain = Uni.createFrom().voidItem();
                    if (inserted == 0) {
                        return chain;
                    }
                    for (var grant : grants.entrySet()) {
                        chain = chain.chain(() -> s.createNativeQuery("INSERT INTO token_grant (token_id, repository, role) "
                                        + "VALUES (:id, :repo, :role) ON CONFLICT DO NOTHING")
                                .setParameter("id", id)
                                .setParameter("repo", grant.getKey())
                                .setParameter("role", grant.getValue())
                                .executeUpdate()
                                .replaceWithVoid());
                    }
                    return chain;
                }));
    }

    /** The token with that secret hash if it is neither revoked nor expired, else null. */
    public Uni<TokenWithGrants> findActive(String secretHash) {
        return sessions.withSession(s -> s.createNamedQuery(AccessTokenRecord.FIND_ACTIVE, AccessTokenRecord.class)
                .setParameter("h", secretHash)
                .setParameter("now", Instant.now())
                .getSingleResultOrNull()
                .chain(token -> token == null ? Uni.createFrom().nullItem() : grantsOf(s, token)));
    }

    private static Uni<TokenWithGrants> grantsOf(Mutiny.Session s, AccessTokenRecord token) {
        return s.createNamedQuery(TokenGrantRecord.BY_TOKEN, TokenGrantRecord.class)
                .setParameter("id", token.id)
                .getResultList()
                .map(grants -> new TokenWithGrants(token, grants.stream()
                        .collect(java.util.stream.Collectors.toMap(g -> g.repository, g -> g.role))));
    }

    /** Every token (without secrets), newest first. */
    public Uni<List<TokenWithGrants>> list() {
        return sessions.withSession(s -> s.createSelectionQuery("from AccessTokenRecord order by createdAt desc",
                        AccessTokenRecord.class)
                .setMaxResults(1000)
                .getResultList()
                .chain(tokens -> {
                    if (tokens.isEmpty()) {
                        return Uni.createFrom().item(List.<TokenWithGrants>of());
                    }
                    // One session runs one query at a time, so the grant lookups are sequential.
                    Uni<List<TokenWithGrants>> acc = Uni.createFrom().item(new java.util.ArrayList<>());
                    for (AccessTokenRecord t : tokens) {
                        acc = acc.chain(list -> grantsOf(s, t).map(g -> {
                            list.add(g);
                            return list;
                        }));
                    }
                    return acc;
                }));
    }

    /** Revokes a token; false when no such token exists. */
    public Uni<Boolean> revoke(UUID id) {
        return sessions.withTransaction(s -> s.find(AccessTokenRecord.class, id).map(token -> {
            if (token == null) {
                return false;
            }
            if (token.revokedAt == null) {
                token.revokedAt = Instant.now();
            }
            return true;
        }));
    }
}
