package io.granary.registry.npm;

import io.granary.registry.audit.AuditEntry;
import io.granary.registry.audit.AuditLog;
import io.granary.registry.auth.LoginTokens;
import io.granary.registry.auth.TokenAuthenticator;
import io.granary.registry.auth.TokenSecrets;
import io.granary.registry.catalog.RepositoryDefinition;
import io.granary.registry.http.AccessGate;
import io.granary.registry.http.RequestIds;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The account endpoints npm calls: {@code npm ping}, {@code npm whoami}, legacy {@code npm login}
 * ({@code PUT /-/user/org.couchdb.user:<name>}) and {@code npm logout} ({@code DELETE /-/user/token/<token>}).
 * Granary has tokens, not passwords: the login's password is a token an administrator issued and its
 * user name that token's name; the answer is a new session token (see {@link LoginTokens}) that a
 * logout revokes. The password is never logged, echoed or stored.
 */
@ApplicationScoped
class NpmAccountHandler {

    private static final long MAX_BODY = 65536;

    private final TokenAuthenticator authenticator;
    private final LoginTokens logins;
    private final AuditLog audit;
    private final NpmConfig npm;
    private final AccessGate gate;

    NpmAccountHandler(TokenAuthenticator authenticator, LoginTokens logins, AuditLog audit, NpmConfig npm,
                      AccessGate gate) {
        this.authenticator = authenticator;
        this.logins = logins;
        this.audit = audit;
        this.npm = npm;
        this.gate = gate;
    }

    void ping(RoutingContext ctx) {
        ctx.response().putHeader("Content-Type", "application/json").end("{}");
    }

    void whoami(RoutingContext ctx) {
        authenticator.authenticate(ctx.request().getHeader("Authorization")).subscribe().with(result -> {
            if (result.invalid() || result.principal().isAnonymous()) {
                unauthorized(ctx, result.invalid() ? "invalid or expired token" : "not logged in: set "
                        + "//<host>/npm/<repository>/:_authToken in .npmrc");
                return;
            }
            ctx.response().putHeader("Content-Type", "application/json")
                    .end(new JsonObject().put("username", result.principal().name()).encode());
        }, failure -> NpmErrors.fail(ctx, failure));
    }

    void login(RoutingContext ctx, RepositoryDefinition repository, String user) {
        if (ctx.request().method() != HttpMethod.PUT) {
            NpmErrors.write(ctx, 404, "NOT_FOUND", "Granary has no user documents; log in with a token");
            return;
        }
        NpmBody.read(ctx, MAX_BODY).subscribe().with(body -> {
            String password = passwordOf(body);
            if (password == null || password.isEmpty()) {
                unauthorized(ctx, "Granary logs in with tokens: give a Granary token as the password");
                return;
            }
            String session = TokenSecrets.generate();
            logins.login(user, password, TokenSecrets.hash(session), npm.loginTokenLifetime()).subscribe().with(login -> {
                switch (login.outcome()) {
                    case ISSUED -> record(ctx, login.name(), "npm-login", repository, 201, "session token issued")
                            .subscribe().with(v -> ctx.response().setStatusCode(201)
                                    .putHeader("Content-Type", "application/json")
                                    .end(new JsonObject().put("ok", true).put("id", "org.couchdb.user:" + user)
                                            .put("token", session).encode()), failure -> NpmErrors.fail(ctx, failure));
                    case WRONG_NAME -> unauthorized(ctx, "login failed: this token belongs to \"" + login.name()
                            + "\"; log in with that user name");
                    case INVALID -> unauthorized(ctx, "login failed: the password must be an active Granary token");
                    case ALREADY_USED -> NpmErrors.write(ctx, 409, "CONFLICT", "login collided; try again");
                }
            }, failure -> NpmErrors.fail(ctx, failure));
        }, failure -> NpmErrors.write(ctx, 400, "BODY_INVALID", "the login body was not a small JSON document"));
    }

    /** {@code npm logout}: revokes the session token named in the path (it is the caller's own). */
    void logout(RoutingContext ctx, RepositoryDefinition repository, String token) {
        if (ctx.request().method() != HttpMethod.DELETE) {
            NpmErrors.write(ctx, 405, "METHOD_NOT_ALLOWED", "only DELETE (npm logout) is supported here");
            return;
        }
        logins.logout(token).subscribe().with(logout -> {
            switch (logout.outcome()) {
                case REVOKED -> record(ctx, logout.name(), "npm-logout", repository, 200, "session token revoked")
                        .subscribe().with(v -> ctx.response().putHeader("Content-Type", "application/json")
                                .end("{\"ok\":true}"), failure -> NpmErrors.fail(ctx, failure));
                // Nothing to revoke, so the client may as well forget it.
                case NOT_ACTIVE -> ctx.response().putHeader("Content-Type", "application/json").end("{\"ok\":true}");
                case NOT_A_LOGIN_TOKEN -> NpmErrors.write(ctx, 403, "FORBIDDEN", "this token was issued by an "
                        + "administrator, not by npm login; it stays valid until revoked through /api/v1/tokens");
            }
        }, failure -> NpmErrors.fail(ctx, failure));
    }

    /** Audits a login or logout (never with the secret). */
    io.smallrye.mutiny.Uni<Void> record(RoutingContext ctx, String actor, String action,
                                                RepositoryDefinition repository, int status, String detail) {
        return audit.record(new AuditEntry(RequestIds.assign(ctx), actor, action, repository.name(), null,
                AuditEntry.ALLOWED, status, detail, AccessGate.remote(ctx)));
    }

    private static String passwordOf(io.vertx.core.buffer.Buffer body) {
        try {
            return body.toJsonObject().getString("password");
        } catch (RuntimeException e) {
            return null;
        }
    }

    private void unauthorized(RoutingContext ctx, String message) {
        gate.challenge(ctx, NpmErrors::write, message);
    }
}
