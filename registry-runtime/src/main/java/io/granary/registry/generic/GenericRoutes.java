package io.granary.registry.generic;

import io.granary.registry.http.RetryableFailures;
import io.granary.api.v1alpha1.repository.RepositoryFormat;
import io.granary.registry.auth.Action;
import io.granary.registry.catalog.RepositoryDefinition;
import io.granary.registry.core.AssetPath;
import io.granary.registry.core.InvalidPathException;
import io.granary.registry.http.JsonErrors;
import io.granary.registry.http.RefusedBody;
import io.granary.registry.http.RepositoryRoutes;
import io.granary.registry.http.RequestIds;
import io.granary.registry.observability.Operation;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * The generic (raw files) protocol at {@code /generic/<repository>/<path>}: PUT, GET/HEAD, DELETE and
 * folder listings. This class resolves the repository, the path and the caller, then hands over to
 * one handler per operation.
 */
@ApplicationScoped
public class GenericRoutes {

    static final String PREFIX = "/generic/";
    private static final Logger LOG = Logger.getLogger(GenericRoutes.class);

    private final RepositoryRoutes routes;
    private final GenericDownloadHandler download;
    private final GenericUploadHandler upload;
    private final GenericDeleteHandler delete;

    GenericRoutes(RepositoryRoutes routes, GenericDownloadHandler download, GenericUploadHandler upload,
                  GenericDeleteHandler delete) {
        this.routes = routes;
        this.download = download;
        this.upload = upload;
        this.delete = delete;
    }

    void register(@Observes Router router) {
        router.route("/generic/*").order(-100).handler(this::handle);
    }

    void handle(RoutingContext ctx) {
        RepositoryRoutes.Target target = routes.locate(ctx, PREFIX, RepositoryFormat.GENERIC, GenericRoutes::reject);
        if (target == null) {
            return;
        }
        RepositoryDefinition repository = target.repository();
        String path;
        try {
            path = AssetPath.parse(target.rest());
        } catch (InvalidPathException e) {
            reject(ctx, 400, "PATH_INVALID", e.getMessage());
            return;
        }
        HttpMethod method = ctx.request().method();
        Operation operation;
        Action action;
        boolean folder = path.isEmpty() || path.endsWith("/");
        if (method == HttpMethod.GET || method == HttpMethod.HEAD) {
            operation = folder ? Operation.LIST : Operation.PULL;
            action = Action.READ;
        } else if (method == HttpMethod.PUT && !folder) {
            operation = Operation.PUSH;
            action = Action.WRITE;
        } else if (method == HttpMethod.DELETE && !folder) {
            operation = Operation.DELETE;
            action = repository.isImmutable(path) ? Action.ADMIN : Action.DELETE;
        } else {
            ctx.response().putHeader("Allow", folder ? "GET, HEAD" : "GET, HEAD, PUT, DELETE");
            reject(ctx, 405, "METHOD_NOT_ALLOWED", method + " is not supported on " + (folder ? "a folder" : "a file"));
            return;
        }
        routes.admit(ctx, new RepositoryRoutes.Target(repository, path), action, operation, GenericRoutes::reject,
                principal -> {
                    GenericRequest request = new GenericRequest(ctx, repository, path, principal);
                    switch (operation) {
                        case PULL, LIST -> download.handle(request);
                        case PUSH -> upload.handle(request);
                        case DELETE -> delete.handle(request);
                        default -> throw new IllegalStateException(operation.name());
                    }
                }, failure -> fail(ctx, failure));
    }

    /**
     * Answers with a JSON error. A refused request may still be sending its body: the rest is
     * dropped within a bound (see {@link RefusedBody}) rather than read whole or reset.
     */
    static Future<Void> reject(RoutingContext ctx, int status, String code, String message) {
        return JsonErrors.send(ctx, status, code, message).onComplete(v -> RefusedBody.discard(ctx));
    }

    /** Unexpected failures: logged with the request id, answered without internals. */
    static void fail(RoutingContext ctx, Throwable failure) {
        if (RetryableFailures.answered(ctx, failure, GenericRoutes::reject)) {
            return;
        }
        LOG.errorf(failure, "Request %s %s failed", ctx.request().method(), ctx.request().path());
        reject(ctx, 500, "INTERNAL", "internal error (request id " + RequestIds.of(ctx) + ")");
    }
}
