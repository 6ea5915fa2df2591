package io.granary.registry.npm;

import io.granary.registry.auth.TokenAuthenticator;
import io.granary.registry.config.GranaryConfig;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The account endpoints npm calls: {@code npm ping}, {@code npm whoami}, and legacy {@code npm login}
 * ({@code PUT /-/user/org.couchdb.user:<name>}). Granary has tokens, not passwords: login takes an
 * existing token as the password and hands it back as the session token, so {@code npm login} with
 * any user name and a token works and a wrong one gets a clear 401.
 */
@ApplicationScoped
class NpmAccountHandler {

    private static final long MAX_BODY = 65536;

    private final TokenAuthenticator authenticator;
    private final String challenge;

    NpmAccountHandler(TokenAuthenticator authenticator, GranaryConfig config) {
        this.authenticator = authenticator;
        this.challenge = "realm=\"" + config.auth().realm() + "\"";
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

    void login(RoutingContext ctx, String user) {
        if (ctx.request().method() != io.vertx.core.http.HttpMethod.PUT) {
            NpmErrors.write(ctx, 404, "NOT_FOUND", "Granary has no user accounts; log in with a token");
            return;
        }
        NpmBody.read(ctx, MAX_BODY).subscribe().with(body -> {
            String password = passwordOf(body);
            if (password == null || password.isEmpty()) {
                unauthorized(ctx, "Granary logs in with tokens: give a Granary token as the password");
                return;
            }
            authenticator.authenticate("Bearer " + password).subscribe().with(result -> {
                if (result.invalid() || result.principal().isAnonymous()) {
                    unauthorized(ctx, "login failed: the password must be a valid Granary token");
                    return;
                }
                ctx.response().setStatusCode(201).putHeader("Content-Type", "application/json")
                        .end(new JsonObject().put("ok", true).put("id", "org.couchdb.user:" + user)
                                .put("token", password).encode());
            }, failure -> NpmErrors.fail(ctx, failure));
        }, failure -> NpmErrors.write(ctx, 400, "BODY_INVALID", "the login body was not a small JSON document"));
    }

    private static String passwordOf(io.vertx.core.buffer.Buffer body) {
        try {
            return body.toJsonObject().getString("password");
        } catch (RuntimeException e) {
            return null;
        }
    }

    private void unauthorized(RoutingContext ctx, String message) {
        ctx.response().headers()
                .add("WWW-Authenticate", "Basic " + challenge + ", charset=\"UTF-8\"")
                .add("WWW-Authenticate", "Bearer " + challenge);
        NpmErrors.write(ctx, 401, "UNAUTHORIZED", message);
    }
}
