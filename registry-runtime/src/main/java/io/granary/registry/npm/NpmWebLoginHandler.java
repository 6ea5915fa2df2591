package io.granary.registry.npm;

import io.granary.registry.audit.AuditEntry;
import io.granary.registry.audit.AuditLog;
import io.granary.registry.auth.Credentials;
import io.granary.registry.auth.LoginTokens;
import io.granary.registry.auth.TokenSecrets;
import io.granary.registry.catalog.RepositoryDefinition;
import io.granary.registry.config.GranaryConfig;
import io.granary.registry.http.AccessGate;
import io.granary.registry.http.RequestIds;
import io.granary.registry.metadata.NpmLoginSessionStore;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.UUID;

/**
 * {@code npm login --auth-type=web} (npm's default): {@code POST /-/v1/login} opens a session and
 * answers a {@code loginUrl} for a person and a {@code doneUrl} that npm polls. The login page asks for
 * Basic credentials (the token's name and the token, as Granary has no passwords); once they prove an
 * active token, a session token with its name and grants exists, and the next poll hands it out once.
 * The doneUrl secret is the only way to that token: the database keeps it sealed (see {@link LoginSeal}).
 */
@ApplicationScoped
class NpmWebLoginHandler {

    private static final long MAX_BODY = 4096;

    private final NpmLoginSessionStore sessions;
    private final LoginTokens logins;
    private final AuditLog audit;
    private final NpmConfig npm;
    private final String realm;

    NpmWebLoginHandler(NpmLoginSessionStore sessions, LoginTokens logins, AuditLog audit, NpmConfig npm,
                       GranaryConfig config) {
        this.sessions = sessions;
        this.logins = logins;
        this.audit = audit;
        this.npm = npm;
        this.realm = config.auth().realm();
    }

    /** {@code POST /-/v1/login}: a new session, its two URLs. */
    void start(RoutingContext ctx, RepositoryDefinition repository) {
        if (ctx.request().method() != io.vertx.core.http.HttpMethod.POST) {
            NpmErrors.write(ctx, 405, "METHOD_NOT_ALLOWED", "npm web login starts with a POST");
            return;
        }
        NpmBody.read(ctx, MAX_BODY).chain(ignored -> {
            String token = TokenSecrets.generate();
            String done = LoginSeal.newDoneSecret();
            UUID id = UUID.randomUUID();
            var session = new NpmLoginSessionStore.Session(id, repository.name(), TokenSecrets.hash(token),
                    LoginSeal.seal(token, done));
            return sessions.create(session, TokenSecrets.hash(done), Instant.now().plus(npm.webLoginTimeout()))
                    .map(v -> {
                        String base = NpmRoutes.registryUrl(ctx, repository);
                        return new JsonObject().put("loginUrl", base + "-/v1/login/" + id)
                                .put("doneUrl", base + "-/v1/done/" + done);
                    });
        }).subscribe().with(urls -> ctx.response().putHeader("Content-Type", "application/json").end(urls.encode()),
                failure -> {
                    if (failure instanceof NpmBody.TooLarge) {
                        NpmErrors.write(ctx, 413, "TOO_LARGE", "the login request body is too large");
                    } else {
                        NpmErrors.fail(ctx, failure);
                    }
                });
    }

    /** The login page: Basic credentials (token name, token) complete the session. */
    void page(RoutingContext ctx, RepositoryDefinition repository, String sessionId) {
        UUID id;
        try {
            id = UUID.fromString(sessionId);
        } catch (IllegalArgumentException e) {
            html(ctx, 404, "This login link is not valid. Run npm login again.");
            return;
        }
        sessions.byId(id).subscribe().with(session -> {
            if (session == null || !session.repository().equals(repository.name())) {
                html(ctx, 404, "This login link is unknown or has expired. Run npm login again.");
                return;
            }
            String authorization = ctx.request().getHeader("Authorization");
            String secret = Credentials.secretFrom(authorization).orElse(null);
            if (secret == null) {
                challenge(ctx, "Sign in with the name of your Granary token as user and the token as password.");
                return;
            }
            String user = Credentials.userFrom(authorization).orElse(null);
            logins.login(user, secret, session.tokenHash(), npm.loginTokenLifetime()).subscribe().with(login -> {
                switch (login.outcome()) {
                    case ISSUED -> audit.record(new AuditEntry(RequestIds.assign(ctx), login.name(), "npm-login",
                                    repository.name(), null, AuditEntry.ALLOWED, 200, "session token issued (web login)",
                                    AccessGate.remote(ctx)))
                            .subscribe().with(v -> html(ctx, 200, "Logged in to Granary as " + login.name()
                                    + ". You can close this page; npm finishes the login."), failure -> NpmErrors.fail(ctx, failure));
                    case INVALID -> challenge(ctx, "Login failed: the password must be an active Granary token.");
                    case WRONG_NAME -> challenge(ctx, "Login failed: this token belongs to " + login.name()
                            + "; sign in with that user name.");
                    case ALREADY_USED -> html(ctx, 409, "This login link was used already.");
                }
            }, failure -> NpmErrors.fail(ctx, failure));
        }, failure -> NpmErrors.fail(ctx, failure));
    }

    /** What npm polls: 202 while the person has not logged in, then the token, once. */
    void done(RoutingContext ctx, RepositoryDefinition repository, String doneSecret) {
        sessions.byDoneHash(TokenSecrets.hash(doneSecret)).subscribe().with(session -> {
            if (session == null || !session.repository().equals(repository.name())) {
                NpmErrors.write(ctx, 404, "NOT_FOUND", "login session unknown or expired; run npm login again");
                return;
            }
            logins.isActive(session.tokenHash())
                    .chain(active -> active ? sessions.delete(session.id()).replaceWith(true)
                            : io.smallrye.mutiny.Uni.createFrom().item(false))
                    .subscribe().with(ready -> {
                        if (!ready) {
                            ctx.response().setStatusCode(202).putHeader("Retry-After", "1")
                                    .putHeader("Content-Type", "application/json").end("{}");
                            return;
                        }
                        ctx.response().putHeader("Content-Type", "application/json")
                                .putHeader("Cache-Control", "no-store")
                                .end(new JsonObject().put("token", LoginSeal.unseal(session.sealed(), doneSecret)).encode());
                    }, failure -> NpmErrors.fail(ctx, failure));
        }, failure -> NpmErrors.fail(ctx, failure));
    }

    private void challenge(RoutingContext ctx, String message) {
        ctx.response().putHeader("WWW-Authenticate", "Basic realm=\"" + realm + "\", charset=\"UTF-8\"");
        html(ctx, 401, message);
    }

    private static void html(RoutingContext ctx, int status, String message) {
        String text = message.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
        ctx.response().setStatusCode(status).putHeader("Content-Type", "text/html; charset=utf-8")
                .putHeader("Cache-Control", "no-store")
                .end("<!doctype html><title>Granary npm login</title><p>" + text + "</p>\n");
    }
}
