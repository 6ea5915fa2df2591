package io.granary.registry.admin;

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

/** Authorisation of admin API calls; refusals are audited like protocol refusals. */
@ApplicationScoped
public class AdminAccess {

    private final TokenAuthenticator authenticator;
    private final AuditLog audit;

    AdminAccess(TokenAuthenticator authenticator, AuditLog audit) {
        this.authenticator = authenticator;
        this.audit = audit;
    }

    /** The caller if it is admin on every repository; fails with 401/403 otherwise. */
    public Uni<Principal> requireGlobalAdmin(RoutingContext ctx, String action) {
        return authenticator.authenticate(ctx.request().getHeader("Authorization")).chain(result -> {
            if (!result.invalid() && result.principal().isGlobalAdmin()) {
                return Uni.createFrom().item(result.principal());
            }
            return deny(ctx, result, action, null);
        });
    }

    /** The caller if it may perform {@code action} on the repository. */
    public Uni<Principal> require(RoutingContext ctx, RepositoryDefinition repository, Action action, String what) {
        return authenticator.authenticate(ctx.request().getHeader("Authorization")).chain(result ->
                AccessPolicy.decide(result, repository, action) == AccessDecision.ALLOW
                        ? Uni.createFrom().item(result.principal())
                        : deny(ctx, result, what, repository.name()));
    }

    private Uni<Principal> deny(RoutingContext ctx, TokenAuthenticator.Result result, String action, String repository) {
        boolean anonymous = result.invalid() || result.principal().isAnonymous();
        int status = anonymous ? 401 : 403;
        String message = anonymous ? "a valid token is required" : result.principal().name() + " may not " + action;
        return audit.record(new AuditEntry(RequestIds.assign(ctx), result.principal().name(), action, repository, null,
                        AuditEntry.DENIED, status, message, AccessGate.remote(ctx)))
                .chain(() -> Uni.createFrom().failure(new ApiException(status, anonymous ? "UNAUTHORIZED" : "DENIED",
                        message)));
    }
}
