package io.granary.registry.auth;

import io.granary.registry.metadata.AccessTokenRecord;
import io.granary.registry.metadata.TokenMetadataStore;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;

/**
 * Session tokens that a client obtains by logging in and gives back by logging out ({@code npm login},
 * {@code npm logout}). Granary has no passwords: a login proves possession of a token an administrator
 * issued, and receives a new token with the same name and grants, so a logout can revoke what the login
 * handed out without touching the token it was derived from (which CI jobs may share).
 */
@ApplicationScoped
public class LoginTokens {

    /** How a login ended. */
    public enum Outcome {
        /** The session token now exists. */
        ISSUED,
        /** The credentials are not an active token: 401. */
        INVALID,
        /** The user name given is not the token's name: 401, telling the right one. */
        WRONG_NAME,
        /** A token with the new secret's hash exists already (a login link used twice): 409. */
        ALREADY_USED
    }

    /** The result of a login; {@code name} is the token's name, null when the credentials were invalid. */
    public record Login(Outcome outcome, String name) {
    }

    /** The result of a logout; {@code name} is the token's name, null when nothing was active. */
    public record Logout(LogoutOutcome outcome, String name) {
    }

    /** How a logout ended. */
    public enum LogoutOutcome {
        /** The session token is revoked. */
        REVOKED,
        /** Nothing active under that secret: there is nothing left to revoke. */
        NOT_ACTIVE,
        /** An administrator's token: only the admin API revokes it. */
        NOT_A_LOGIN_TOKEN
    }

    /** {@code created_by} of session tokens, followed by the id of the token the login proved. */
    static final String ISSUER_PREFIX = "login:";

    private final TokenMetadataStore tokens;
    private final TokenAuthenticator authenticator;

    LoginTokens(TokenMetadataStore tokens, TokenAuthenticator authenticator) {
        this.tokens = tokens;
        this.authenticator = authenticator;
    }

    /**
     * Logs in with {@code secret} (an active token) as {@code user} (null: any name) and stores a new
     * token under {@code newSecretHash} with the same name and grants, valid for {@code lifetime} but
     * never beyond the proving token's own expiry. The caller made the new secret and keeps it.
     */
    public Uni<Login> login(String user, String secret, String newSecretHash, Duration lifetime) {
        if (secret == null || secret.length() < TokenSecrets.MIN_LENGTH) {
            return Uni.createFrom().item(new Login(Outcome.INVALID, null));
        }
        return tokens.findActive(TokenSecrets.hash(secret)).chain(proof -> {
            if (proof == null) {
                return Uni.createFrom().item(new Login(Outcome.INVALID, null));
            }
            AccessTokenRecord parent = proof.token();
            if (user != null && !user.equals(parent.name)) {
                return Uni.createFrom().item(new Login(Outcome.WRONG_NAME, parent.name));
            }
            Instant expiresAt = Instant.now().plus(lifetime);
            if (parent.expiresAt != null && parent.expiresAt.isBefore(expiresAt)) {
                expiresAt = parent.expiresAt;
            }
            return tokens.create(parent.name, newSecretHash, proof.grants(), expiresAt, ISSUER_PREFIX + parent.id)
                    .map(created -> new Login(Outcome.ISSUED, parent.name))
                    .onFailure(LoginTokens::isUniqueViolation)
                    .recoverWithItem(new Login(Outcome.ALREADY_USED, parent.name));
        });
    }

    /** Whether a token with this secret hash exists and is active (a web login was completed). */
    public Uni<Boolean> isActive(String secretHash) {
        return tokens.findActive(secretHash).map(found -> found != null);
    }

    /** Revokes the session token {@code secret}; tokens an administrator issued stay valid. */
    public Uni<Logout> logout(String secret) {
        if (secret == null || secret.length() < TokenSecrets.MIN_LENGTH) {
            return Uni.createFrom().item(new Logout(LogoutOutcome.NOT_ACTIVE, null));
        }
        return tokens.findActive(TokenSecrets.hash(secret)).chain(found -> {
            if (found == null) {
                return Uni.createFrom().item(new Logout(LogoutOutcome.NOT_ACTIVE, null));
            }
            String name = found.token().name;
            String issuer = found.token().createdBy;
            if (issuer == null || !issuer.startsWith(ISSUER_PREFIX)) {
                return Uni.createFrom().item(new Logout(LogoutOutcome.NOT_A_LOGIN_TOKEN, name));
            }
            return tokens.revoke(found.token().id).map(revoked -> {
                // This replica forgets at once; others within the authenticator's cache TTL.
                authenticator.invalidateAll();
                return new Logout(LogoutOutcome.REVOKED, name);
            });
        });
    }

    /** PostgreSQL's unique_violation (23505), however deep the persistence layer wrapped it. */
    private static boolean isUniqueViolation(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String state = t instanceof org.hibernate.JDBCException jdbc ? jdbc.getSQLState()
                    : t instanceof io.vertx.pgclient.PgException pg ? pg.getSqlState() : null;
            if ("23505".equals(state)) {
                return true;
            }
        }
        return false;
    }
}
