package io.granary.registry.oci;

import io.granary.api.v1alpha1.repository.RepositoryFormat;
import io.granary.registry.auth.TokenAuthenticator;
import io.granary.registry.catalog.RepositoryCatalog;
import io.granary.registry.catalog.RepositoryDefinition;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The token endpoint of the Docker token flow at {@code /v2/token}: GET with {@code scope} query
 * parameters (Basic credentials optional), and the OAuth2 POST form ({@code grant_type=password})
 * that containerd tries first. Grants each requested action the caller's roles allow, no more.
 */
@ApplicationScoped
class OciTokenEndpoint {

    private static final int MAX_FORM_BYTES = 64 * 1024;
    private static final int MAX_SCOPES = 32;

    private final TokenAuthenticator authenticator;
    private final RegistryTokens tokens;
    private final RepositoryCatalog catalog;
    private final OciAccess access;
    private final OciConfig config;

    OciTokenEndpoint(TokenAuthenticator authenticator, RegistryTokens tokens, RepositoryCatalog catalog,
                     OciAccess access, OciConfig config) {
        this.authenticator = authenticator;
        this.tokens = tokens;
        this.catalog = catalog;
        this.access = access;
        this.config = config;
    }

    void handle(RoutingContext ctx) {
        if (ctx.request().method() == HttpMethod.GET) {
            List<String> scopes = new ArrayList<>();
            ctx.queryParams().getAll("scope").forEach(s -> scopes.addAll(List.of(s.split(" "))));
            issue(ctx, ctx.request().getHeader("Authorization"), scopes, false);
        } else if (ctx.request().method() == HttpMethod.POST) {
            readForm(ctx);
        } else {
            OciErrors.send(ctx, 405, OciErrors.UNSUPPORTED, "the token endpoint answers GET and POST");
        }
    }

    private void readForm(RoutingContext ctx) {
        String length = ctx.request().getHeader("Content-Length");
        long announced;
        try {
            announced = length == null ? -1 : Long.parseLong(length.strip());
        } catch (NumberFormatException e) {
            announced = -1;
        }
        if (announced < 0 || announced > MAX_FORM_BYTES) {
            OciErrors.send(ctx, 400, OciErrors.UNSUPPORTED, "a token form needs a Content-Length up to " + MAX_FORM_BYTES);
            return;
        }
        Buffer body = Buffer.buffer();
        ctx.request().handler(body::appendBuffer);
        ctx.request().endHandler(v -> {
            var params = new io.netty.handler.codec.http.QueryStringDecoder(body.toString(StandardCharsets.UTF_8),
                    StandardCharsets.UTF_8, false).parameters();
            MultiMap form = MultiMap.caseInsensitiveMultiMap();
            params.forEach(form::add);
            String grant = form.get("grant_type");
            if (!"password".equals(grant)) {
                // containerd falls back to GET on 400.
                ctx.response().setStatusCode(400).putHeader("Content-Type", "application/json")
                        .end(new JsonObject().put("error", "unsupported_grant_type").encode());
                return;
            }
            String user = form.get("username") == null ? "" : form.get("username");
            String password = form.get("password") == null ? "" : form.get("password");
            String basic = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password)
                    .getBytes(StandardCharsets.UTF_8));
            String scope = form.get("scope");
            issue(ctx, basic, scope == null ? List.of() : List.of(scope.split(" ")), true);
        });
        ctx.request().resume();
    }

    private void issue(RoutingContext ctx, String authorization, List<String> scopes, boolean oauth) {
        if (scopes.size() > MAX_SCOPES) {
            OciErrors.send(ctx, 400, OciErrors.UNSUPPORTED, "at most " + MAX_SCOPES + " scopes per token");
            return;
        }
        authenticator.authenticate(authorization).subscribe().with(result -> {
            if (result.invalid()) {
                access.challenge(ctx, null, false);
                OciErrors.send(ctx, 401, OciErrors.UNAUTHORIZED, "invalid credentials");
                return;
            }
            Map<String, Set<String>> granted = grant(result, scopes);
            long ttl = config.tokenTtl().toSeconds();
            tokens.issue(result.principal(), access.service(ctx), granted, ttl).subscribe().with(token -> {
                JsonObject body = new JsonObject()
                        .put("token", token)
                        .put("access_token", token)
                        .put("expires_in", ttl)
                        .put("issued_at", Instant.now().toString());
                if (oauth) {
                    body.put("scope", String.join(" ", scopes));
                }
                ctx.response().putHeader("Content-Type", "application/json")
                        .putHeader("Cache-Control", "no-store")
                        .end(body.encode());
            }, failure -> OciErrors.fail(ctx, failure));
        }, failure -> OciErrors.fail(ctx, failure));
    }

    /** For each {@code repository:<name>:<actions>} scope, the requested actions the caller may do. */
    private Map<String, Set<String>> grant(TokenAuthenticator.Result result, List<String> scopes) {
        Map<String, Set<String>> granted = new LinkedHashMap<>();
        OciAccess.Caller caller = new OciAccess.Caller(result.principal(), null, false);
        for (String scope : scopes) {
            int first = scope.indexOf(':');
            int last = scope.lastIndexOf(':');
            if (first < 0 || last <= first || !scope.substring(0, first).startsWith("repository")) {
                continue;
            }
            String name = scope.substring(first + 1, last);
            if (name.length() > OciName.MAX_NAME_LENGTH || !OciName.NAME.matcher(name).matches() || name.indexOf('/') < 0) {
                continue;
            }
            RepositoryDefinition repository = catalog.find(name.substring(0, name.indexOf('/')))
                    .filter(r -> r.format() == RepositoryFormat.OCI).orElse(null);
            if (repository == null) {
                continue;
            }
            Set<String> actions = new TreeSet<>();
            for (String action : scope.substring(last + 1).split(",")) {
                String a = action.strip();
                if (a.equals("*")) {
                    for (String each : List.of("pull", "push", "delete")) {
                        if (OciAccess.allows(caller, repository, name, each)) {
                            actions.add(each);
                        }
                    }
                } else if (Set.of("pull", "push", "delete").contains(a) && OciAccess.allows(caller, repository, name, a)) {
                    actions.add(a);
                }
            }
            if (!actions.isEmpty()) {
                granted.merge(name, actions, (x, y) -> {
                    x.addAll(y);
                    return x;
                });
            }
        }
        return granted;
    }
}
