package io.granary.registry.npm;

import io.granary.registry.auth.LoginTokens;
import io.granary.registry.auth.TokenSecrets;
import io.granary.registry.catalog.RepositoryDefinition;
import io.granary.registry.http.RequestBodyPump;
import io.granary.registry.metadata.NpmLoginSessionStore;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * {@code npm login --auth-type=web} (npm's default): {@code POST /-/v1/login} opens a session and
 * answers a {@code loginUrl} for a person and a {@code doneUrl} that npm polls. The login page asks for
 * the token's name and the token (Granary has no passwords); once they prove an active token, a
 * session token with its name and grants exists, and the next poll hands it out once.
 * The doneUrl secret is the only way to that token: the database keeps it sealed (see {@link LoginSeal}).
 */
@ApplicationScoped
class NpmWebLoginHandler {

    private static final long MAX_BODY = 4096;
    private static final String FORM = """
            <form method="post">
            <p><label>Token name <input name="name" autocomplete="username" required></label>
            <p><label>Token <input name="token" type="password" autocomplete="current-password" required></label>
            <p><button type="submit">Log in</button>
            </form>
            """;

    private final NpmLoginSessionStore sessions;
    private final LoginTokens logins;
    private final NpmAccountHandler account;
    private final NpmConfig npm;

    NpmWebLoginHandler(NpmLoginSessionStore sessions, LoginTokens logins, NpmAccountHandler account, NpmConfig npm) {
        this.sessions = sessions;
        this.logins = logins;
        this.account = account;
        this.npm = npm;
    }

    /** {@code POST /-/v1/login}: a new session, its two URLs. */
    void start(RoutingContext ctx, RepositoryDefinition repository) {
        if (ctx.request().method() != HttpMethod.POST) {
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
                    if (failure instanceof RequestBodyPump.TooLarge) {
                        NpmErrors.write(ctx, 413, "TOO_LARGE", "the login request body is too large");
                    } else {
                        NpmErrors.fail(ctx, failure);
                    }
                });
    }

    /**
     * The login page: GET shows a form, POST of the form (the token's name and the token) completes the
     * session. The credentials must be in the body, never taken from a Basic header a browser replays
     * on its own: otherwise any site could make a signed-in browser complete an attacker's session.
     */
    void page(RoutingContext ctx, RepositoryDefinition repository, String sessionId) {
        HttpMethod method = ctx.request().method();
        if (method != HttpMethod.GET && method != HttpMethod.POST) {
            NpmErrors.write(ctx, 405, "METHOD_NOT_ALLOWED", "the login page takes GET and POST");
            return;
        }
        UUID id;
        try {
            id = UUID.fromString(sessionId);
        } catch (IllegalArgumentException e) {
            page(ctx, 404, "This login link is not valid. Run npm login again.", false);
            return;
        }
        sessions.byId(id).subscribe().with(session -> {
            if (session == null || !session.repository().equals(repository.name())) {
                page(ctx, 404, "This login link is unknown or has expired. Run npm login again.", false);
            } else if (method == HttpMethod.GET) {
                page(ctx, 200, "Log in to Granary with the name of your token and the token.", true);
            } else {
                NpmBody.read(ctx, MAX_BODY).subscribe().with(body -> complete(ctx, repository, session, body),
                        failure -> page(ctx, 400, "The form could not be read; try again.", true));
            }
        }, failure -> NpmErrors.fail(ctx, failure));
    }

    private void complete(RoutingContext ctx, RepositoryDefinition repository, NpmLoginSessionStore.Session session,
                          Buffer body) {
        Map<String, List<String>> form = new QueryStringDecoder(body.toString(StandardCharsets.UTF_8), false).parameters();
        String name = first(form, "name");
        String token = first(form, "token");
        if (name == null || token == null) {
            page(ctx, 400, "Give the name of your token and the token.", true);
            return;
        }
        logins.login(name, token, session.tokenHash(), npm.loginTokenLifetime()).subscribe().with(login -> {
            switch (login.outcome()) {
                case ISSUED -> account.record(ctx, login.name(), "npm-login", repository, 200,
                                "session token issued (web login)")
                        .subscribe().with(v -> page(ctx, 200, "Logged in to Granary as " + login.name()
                                + ". You can close this page; npm finishes the login.", false),
                                failure -> NpmErrors.fail(ctx, failure));
                case INVALID -> page(ctx, 401, "Login failed: that is not an active Granary token.", true);
                case WRONG_NAME -> page(ctx, 401, "Login failed: this token belongs to " + login.name()
                        + "; give that name.", true);
                case ALREADY_USED -> page(ctx, 409, "This login link was used already.", false);
            }
        }, failure -> NpmErrors.fail(ctx, failure));
    }

    private static String first(Map<String, List<String>> form, String field) {
        List<String> values = form.get(field);
        return values == null || values.isEmpty() || values.get(0).isBlank() ? null : values.get(0).strip();
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

    /** A small page: the message and, where the person may try (again), the form. */
    private static void page(RoutingContext ctx, int status, String message, boolean form) {
        String text = message.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
        ctx.response().setStatusCode(status).putHeader("Content-Type", "text/html; charset=utf-8")
                .putHeader("Cache-Control", "no-store")
                .putHeader("Content-Security-Policy", "default-src 'none'; form-action 'self'; frame-ancestors 'none'")
                .putHeader("X-Frame-Options", "DENY")
                .putHeader("Referrer-Policy", "no-referrer")
                .end("<!doctype html><meta charset=\"utf-8\"><title>Granary npm login</title><p>" + text + "</p>\n"
                        + (form ? FORM : ""));
    }
}
