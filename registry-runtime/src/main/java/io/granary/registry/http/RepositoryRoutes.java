package io.granary.registry.http;

import io.granary.api.v1alpha1.repository.RepositoryFormat;
import io.granary.api.v1alpha1.repository.RepositoryType;
import io.granary.registry.auth.Action;
import io.granary.registry.auth.Principal;
import io.granary.registry.catalog.RepositoryCatalog;
import io.granary.registry.catalog.RepositoryDefinition;
import io.granary.registry.group.GroupRoutes;
import io.granary.registry.observability.Operation;
import io.granary.registry.observability.RequestMetrics;
import io.granary.registry.proxy.ProxyRoutes;
import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * What every format's routes do first: find the hosted repository named by the first path segment
 * after the format's prefix, then admit the caller (metrics tracked, refusals answered and audited)
 * before the format's handler runs. Errors are written in the format's own body.
 */
@ApplicationScoped
public class RepositoryRoutes {

    private static final Pattern REPOSITORY_NAME = Pattern.compile("[a-z0-9]([a-z0-9._-]{0,62}[a-z0-9])?");

    /** A request's repository and the path after {@code <prefix><repository>/}. */
    public record Target(RepositoryDefinition repository, String rest) {
    }

    private final RepositoryCatalog catalog;
    private final AccessGate gate;
    private final RequestMetrics metrics;
    /** Lazily: group routes admit through this class in turn. */
    private final Instance<GroupRoutes> groups;
    private final ProxyRoutes proxies;

    RepositoryRoutes(RepositoryCatalog catalog, AccessGate gate, RequestMetrics metrics, Instance<GroupRoutes> groups,
                     ProxyRoutes proxies) {
        this.catalog = catalog;
        this.gate = gate;
        this.metrics = metrics;
        this.groups = groups;
        this.proxies = proxies;
    }

    /**
     * Prepares the request (request id, body held until admission) and resolves its repository, or
     * answers 400/404/501 and returns null. Groups and proxies are answered by {@link GroupRoutes}
     * and {@link ProxyRoutes} (null is returned then too).
     */
    public Target locate(RoutingContext ctx, String prefix, RepositoryFormat format, ErrorWriter errors) {
        VertxContextSafetyToggle.setCurrentContextSafe(true);
        RequestIds.assign(ctx);
        ctx.request().pause();
        String raw = ctx.request().path().substring(prefix.length());
        int slash = raw.indexOf('/');
        String name = slash < 0 ? raw : raw.substring(0, slash);
        if (!REPOSITORY_NAME.matcher(name).matches()) {
            reject(ctx, errors, 400, "NAME_INVALID", "invalid repository name");
            return null;
        }
        RepositoryDefinition repository = catalog.find(name).orElse(null);
        String wire = format.wireName();
        if (repository == null || repository.format() != format) {
            reject(ctx, errors, 404, "REPOSITORY_UNKNOWN", "no " + wire + " repository named " + name);
            return null;
        }
        if (repository.type() == RepositoryType.GROUP) {
            groups.get().serve(ctx, prefix, repository, slash < 0 ? "" : raw.substring(slash + 1), errors);
            return null;
        }
        if (repository.type() == RepositoryType.PROXY) {
            proxies.serve(ctx, repository, slash < 0 ? "" : raw.substring(slash + 1), errors);
            return null;
        }
        if (repository.type() != RepositoryType.HOSTED) {
            reject(ctx, errors, 501, "UNSUPPORTED", repository.type().name().toLowerCase(Locale.ROOT) + " " + wire
                    + " repositories are not served yet");
            return null;
        }
        return new Target(repository, slash < 0 ? "" : raw.substring(slash + 1));
    }

    /** Tracks the request and runs {@code handler} with the caller once admitted for {@code action}. */
    public void admit(RoutingContext ctx, Target target, Action action, Operation operation, ErrorWriter errors,
                      Consumer<Principal> handler, Consumer<Throwable> failed) {
        admit(ctx, target, null, action, operation, errors, handler, failed);
    }

    /**
     * Like {@link #admit(RoutingContext, Target, Action, Operation, ErrorWriter, Consumer, Consumer)} for
     * a request about one part of the repository (e.g. an npm scope), which grants may be limited to.
     */
    public void admit(RoutingContext ctx, Target target, String part, Action action, Operation operation,
                      ErrorWriter errors, Consumer<Principal> handler, Consumer<Throwable> failed) {
        RepositoryDefinition repository = target.repository();
        metrics.track(ctx, repository.name(), repository.format().wireName(), operation);
        gate.admit(ctx, repository, action, target.rest(), part, errors).subscribe().with(principal -> {
            if (principal == null) {
                RefusedBody.discard(ctx);
                return;
            }
            handler.accept(principal);
        }, failed::accept);
    }

    /** Answers with the format's error and drops what is left of the body within a bound. */
    public static void reject(RoutingContext ctx, ErrorWriter errors, int status, String code, String message) {
        errors.write(ctx, status, code, message).onComplete(v -> RefusedBody.discard(ctx));
    }
}
