package io.granary.registry.proxy;

import io.granary.api.v1alpha1.repository.RepositoryFormat;
import io.granary.registry.auth.Action;
import io.granary.registry.catalog.RepositoryDefinition;
import io.granary.registry.http.ErrorWriter;
import io.granary.registry.http.RepositoryRoutes;
import io.granary.registry.http.RequestIds;
import io.granary.registry.observability.Operation;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.util.EnumMap;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Entry of every request to a {@code type: proxy} repository, whatever its format: reads only, the
 * caller admitted like for a hosted read, then the format's {@link ProxyFormat} answers.
 */
@ApplicationScoped
public class ProxyRoutes {

    private static final Logger LOG = Logger.getLogger(ProxyRoutes.class);

    private final RepositoryRoutes routes;
    private final Map<RepositoryFormat, ProxyFormat> formats = new EnumMap<>(RepositoryFormat.class);

    ProxyRoutes(RepositoryRoutes routes, Instance<ProxyFormat> formats) {
        this.routes = routes;
        formats.forEach(f -> this.formats.put(f.format(), f));
    }

    /** Serves {@code rest} (the path after the repository name) of a proxy repository. */
    public void serve(RoutingContext ctx, RepositoryDefinition repository, String rest, ErrorWriter errors) {
        ProxyFormat format = formats.get(repository.format());
        if (format == null) {
            RepositoryRoutes.reject(ctx, errors, 501, "UNSUPPORTED", "proxy " + repository.format().wireName()
                    + " repositories are not served yet");
            return;
        }
        HttpMethod method = ctx.request().method();
        if (method != HttpMethod.GET && method != HttpMethod.HEAD) {
            ctx.response().putHeader("Allow", "GET, HEAD");
            RepositoryRoutes.reject(ctx, errors, 405, "METHOD_NOT_ALLOWED", repository.name()
                    + " is a proxy repository: it is read-only");
            return;
        }
        Upstream upstream;
        try {
            upstream = Upstream.of(repository);
        } catch (IllegalArgumentException e) {
            RepositoryRoutes.reject(ctx, errors, 500, "MISCONFIGURED", e.getMessage());
            return;
        }
        RepositoryRoutes.Target target = new RepositoryRoutes.Target(repository, rest);
        routes.admit(ctx, target, Action.READ, Operation.PULL, errors,
                principal -> format.serve(new ProxyRequest(ctx, repository, upstream, rest, errors)),
                failure -> {
                    LOG.errorf(failure, "Request %s %s failed", ctx.request().method(), ctx.request().path());
                    errors.write(ctx, 500, "INTERNAL", "internal error (request id " + RequestIds.of(ctx) + ")");
                });
    }
}
