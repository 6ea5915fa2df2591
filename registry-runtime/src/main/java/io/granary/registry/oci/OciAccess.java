package io.granary.registry.oci;

import io.granary.registry.audit.AuditEntry;
import io.granary.registry.audit.AuditLog;
import io.granary.registry.auth.AccessDecision;
import io.granary.registry.auth.AccessPolicy;
import io.granary.registry.auth.Action;
import io.granary.registry.auth.Principal;
import io.granary.registry.auth.TokenAuthenticator;
import io.granary.registry.catalog.RepositoryDefinition;
import io.granary.registry.http.AccessGate;
import io.granary.registry.http.RequestIds;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Locale;

/**
 * Who calls the registry and whether they may pull, push or delete in a repository name. Callers
 * present a registry token (from {@code /v2/token}) or a Granary token (Bearer, or Basic password).
 * Refusals are audited and answered with the challenge that lets clients obtain the right token.
 */
@ApplicationScoped
class OciAccess {

    /** An authenticated caller: a Granary principal, and the token scopes when it came with a registry token. */
    record Caller(Principal principal, RegistryTokens.Claims claims, boolean invalid) {
        static final Caller ANONYMOUS = new Caller(Principal.ANONYMOUS, null, false);
    }

    private final TokenAuthenticator authenticator;
    private final RegistryTokens tokens;
    private final AuditLog audit;
    private final OciConfig config;

    OciAccess(TokenAuthenticator authenticator, RegistryTokens tokens, AuditLog audit, OciConfig config) {
        this.authenticator = authenticator;
        this.tokens = tokens;
        this.audit = audit;
        this.config = config;
    }

    Uni<Caller> authenticate(RoutingContext ctx) {
        String header = ctx.request().getHeader("Authorization");
        if (header == null || header.isBlank()) {
            return Uni.createFrom().item(Caller.ANONYMOUS);
        }
        String value = header.strip();
        if (value.regionMatches(true, 0, "Bearer ", 0, 7)) {
            String bearer = value.substring(7).strip();
            if (RegistryTokens.looksLikeJwt(bearer)) {
                return tokens.verify(bearer).map(claims -> claims == null
                        ? new Caller(Principal.ANONYMOUS, null, true)
                        : new Caller(claims.principal(), claims, false));
            }
        }
        return authenticator.authenticate(header).map(r -> new Caller(r.principal(), null, r.invalid()));
    }

    /** Whether the caller may do the action ("pull", "push", "delete") on the name. */
    static boolean allows(Caller caller, RepositoryDefinition repository, String name, String action) {
        if (caller.invalid()) {
            return false;
        }
        if (caller.claims() != null) {
            return caller.claims().allows(name, action);
        }
        return AccessPolicy.decide(new TokenAuthenticator.Result(caller.principal(), false), repository,
                toAction(action)) == AccessDecision.ALLOW;
    }

    /** Granary's action for a registry action. */
    static Action toAction(String action) {
        return switch (action) {
            case "pull" -> Action.READ;
            case "push" -> Action.WRITE;
            case "delete" -> Action.DELETE;
            default -> Action.ADMIN;
        };
    }

    /**
     * The caller if allowed, else null after answering: 401 with a challenge naming the scope the
     * client needs (registry tokens, anonymous and invalid credentials), 403 for a Granary token
     * whose roles do not suffice.
     */
    Uni<Caller> admit(RoutingContext ctx, RepositoryDefinition repository, String name, String action, String scope) {
        return authenticate(ctx).chain(caller -> {
            if (allows(caller, repository, name, action)) {
                return Uni.createFrom().item(caller);
            }
            boolean forbidden = !caller.invalid() && caller.claims() == null && !caller.principal().isAnonymous();
            int status = forbidden ? 403 : 401;
            String reason = caller.invalid() ? "invalid or expired token"
                    : forbidden ? caller.principal().name() + " may not " + action + " " + name
                    : caller.claims() != null ? "the token does not grant " + action + " on " + name
                    : "authentication required";
            return audit.record(new AuditEntry(RequestIds.of(ctx), caller.principal().name(), action,
                            repository.name(), name, AuditEntry.DENIED, status, reason, AccessGate.remote(ctx)))
                    .invoke(() -> {
                        if (forbidden) {
                            OciErrors.send(ctx, 403, OciErrors.DENIED, reason);
                        } else {
                            challenge(ctx, "repository:" + name + ":" + scope, caller.claims() != null);
                            OciErrors.send(ctx, 401, OciErrors.UNAUTHORIZED, reason);
                        }
                    })
                    .replaceWith((Caller) null);
        });
    }

    /** Adds the {@code WWW-Authenticate} challenge; {@code scope} may be null (the base endpoint). */
    void challenge(RoutingContext ctx, String scope, boolean insufficient) {
        if (!config.tokenFlow()) {
            ctx.response().putHeader("WWW-Authenticate", "Basic realm=\"Granary\", charset=\"UTF-8\"");
            return;
        }
        StringBuilder value = new StringBuilder("Bearer realm=\"").append(realm(ctx))
                .append("\",service=\"").append(service(ctx)).append('"');
        if (scope != null) {
            value.append(",scope=\"").append(scope).append('"');
        }
        if (insufficient) {
            value.append(",error=\"insufficient_scope\"");
        }
        ctx.response().putHeader("WWW-Authenticate", value.toString());
    }

    String service(RoutingContext ctx) {
        return config.service().orElseGet(() -> ctx.request().authority() == null ? "granary"
                : ctx.request().authority().toString().toLowerCase(Locale.ROOT));
    }

    private static String realm(RoutingContext ctx) {
        return ctx.request().scheme() + "://" + ctx.request().authority() + "/v2/token";
    }
}
