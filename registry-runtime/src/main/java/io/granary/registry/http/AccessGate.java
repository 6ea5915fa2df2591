package io.granary.registry.http;

import io.granary.registry.audit.AuditEntry;
import io.granary.registry.audit.AuditLog;
import io.granary.registry.auth.AccessDecision;
import io.granary.registry.auth.AccessPolicy;
import io.granary.registry.auth.Action;
import io.granary.registry.auth.Principal;
import io.granary.registry.auth.TokenAuthenticator;
import io.granary.registry.catalog.RepositoryDefinition;
import io.granary.registry.config.GranaryConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Authenticates a request and decides whether it may act on a repository. A refusal is audited and
 * answered here (401 with challenges so clients retry with credentials, or 403), so protocol
 * handlers only see callers that are allowed.
 */
@ApplicationScoped
public class AccessGate {

    private final TokenAuthenticator authenticator;
    private final AuditLog audit;
    private final String challenge;

    AccessGate(TokenAuthenticator authenticator, AuditLog audit, GranaryConfig config) {
        this.authenticator = authenticator;
        this.audit = audit;
        this.challenge = "realm=\"" + config.auth().realm() + "\"";
    }

    /** The allowed principal, or null when the request was refused and already answered. */
    public Uni<Principal> admit(RoutingContext ctx, RepositoryDefinition repository, Action action, String path,
                                ErrorWriter errors) {
        return admit(ctx, repository, action, path, null, errors);
    }

    /**
     * Like {@link #admit(RoutingContext, RepositoryDefinition, Action, String, ErrorWriter)} for a
     * request about one part of the repository (see {@link AccessPolicy#decide(
     * io.granary.registry.auth.TokenAuthenticator.Result, RepositoryDefinition, Action, String)}).
     */
    public Uni<Principal> admit(RoutingContext ctx, RepositoryDefinition repository, Action action, String path,
                                String part, ErrorWriter errors) {
        return authenticator.authenticate(ctx.request().getHeader("Authorization")).chain(result -> {
            AccessDecision decision = AccessPolicy.decide(result, repository, action, part);
            if (decision == AccessDecision.ALLOW) {
                return Uni.createFrom().item(result.principal());
            }
            boolean challenged = decision == AccessDecision.CHALLENGE;
            int status = challenged ? 401 : 403;
            String reason = result.invalid() ? "invalid or expired token"
                    : challenged ? "authentication required"
                    : result.principal().name() + " may not " + action.name().toLowerCase(java.util.Locale.ROOT)
                            + " in " + repository.name() + (part == null ? "" : " for " + part);
            Uni<Void> recorded = audit.record(new AuditEntry(RequestIds.of(ctx), result.principal().name(),
                    action.name().toLowerCase(java.util.Locale.ROOT), repository.name(), path,
                    AuditEntry.DENIED, status, reason, remote(ctx)));
            Runnable answer = () -> {
                if (challenged) {
                    challenge(ctx, errors, reason);
                } else {
                    errors.write(ctx, 403, "DENIED", reason);
                }
            };
            if (challenged && !result.invalid()) {
                // A request without credentials is how Maven's Wagon and pip start every download: the
                // challenge is answered at once and audited alongside, not after a database write each.
                recorded.subscribe().with(ok -> { }, failure -> { });
                answer.run();
                return Uni.createFrom().nullItem();
            }
            return recorded.invoke(answer).replaceWith((Principal) null);
        });
    }

    /** Answers 401 with both challenges: Basic, which Maven, npm and pip answer, and Bearer. */
    public void challenge(RoutingContext ctx, ErrorWriter errors, String reason) {
        ctx.response().headers()
                .add("WWW-Authenticate", "Basic " + challenge + ", charset=\"UTF-8\"")
                .add("WWW-Authenticate", "Bearer " + challenge);
        errors.write(ctx, 401, "UNAUTHORIZED", reason);
    }

    /** The client address for audit records. */
    public static String remote(RoutingContext ctx) {
        var address = ctx.request().remoteAddress();
        return address == null ? null : address.hostAddress();
    }
}
