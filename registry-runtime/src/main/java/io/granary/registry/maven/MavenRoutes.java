package io.granary.registry.maven;

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
 * The Maven 2 repository layout at {@code /maven/<repository>/<path>} for hosted repositories:
 * GET/HEAD and PUT of artifacts, checksums and {@code maven-metadata.xml}, DELETE of artifacts. This
 * class resolves repository, path and caller, then hands over to the download or upload handler.
 */
@ApplicationScoped
public class MavenRoutes {

    static final String PREFIX = "/maven/";
    private static final Logger LOG = Logger.getLogger(MavenRoutes.class);

    private final RepositoryRoutes routes;
    private final MavenDownloadHandler download;
    private final MavenUploadHandler upload;

    MavenRoutes(RepositoryRoutes routes, MavenDownloadHandler download, MavenUploadHandler upload) {
        this.routes = routes;
        this.download = download;
        this.upload = upload;
    }

    void register(@Observes Router router) {
        router.route("/maven/*").order(-100).handler(this::handle);
    }

    void handle(RoutingContext ctx) {
        RepositoryRoutes.Target target = routes.locate(ctx, PREFIX, RepositoryFormat.MAVEN, MavenRoutes::reject);
        if (target == null) {
            return;
        }
        RepositoryDefinition repository = target.repository();
        HttpMethod method = ctx.request().method();
        boolean read = method == HttpMethod.GET || method == HttpMethod.HEAD;
        MavenPath path;
        try {
            path = MavenPath.parse(AssetPath.parse(target.rest()));
        } catch (InvalidPathException | IllegalArgumentException e) {
            // Reads of anything outside the layout simply find nothing; writes are told why.
            reject(ctx, read ? 404 : 400, read ? "NOT_FOUND" : "PATH_INVALID", e.getMessage());
            return;
        }
        Operation operation;
        Action action;
        if (read) {
            operation = Operation.PULL;
            action = Action.READ;
        } else if (method == HttpMethod.PUT) {
            operation = Operation.PUSH;
            action = Action.WRITE;
        } else if (method == HttpMethod.DELETE && !path.metadata() && path.checksum().isEmpty()) {
            operation = Operation.DELETE;
            action = MavenVersionRules.immutable(path.coordinates()) ? Action.ADMIN : Action.DELETE;
        } else {
            ctx.response().putHeader("Allow", "GET, HEAD, PUT, DELETE");
            reject(ctx, 405, "METHOD_NOT_ALLOWED", method + " is not supported here");
            return;
        }
        routes.admit(ctx, new RepositoryRoutes.Target(repository, path.file()), action, operation, MavenRoutes::reject,
                principal -> {
                    MavenRequest request = new MavenRequest(ctx, repository, path, principal);
                    switch (operation) {
                        case PULL -> download.handle(request);
                        case PUSH -> upload.handle(request);
                        case DELETE -> upload.delete(request);
                        default -> throw new IllegalStateException(operation.name());
                    }
                }, failure -> fail(ctx, failure));
    }

    /**
     * Answers with a JSON error whose message is also the HTTP reason phrase, because that is what
     * Maven prints ("Return code is: 409, ReasonPhrase: ..."). The rest of a refused body is dropped.
     */
    static Future<Void> reject(RoutingContext ctx, int status, String code, String message) {
        if (!ctx.response().headWritten()) {
            ctx.response().setStatusMessage(reasonPhrase(message));
        }
        return JsonErrors.send(ctx, status, code, message).onComplete(v -> RefusedBody.discard(ctx));
    }

    /** Unexpected failures: logged with the request id, answered without internals. */
    static void fail(RoutingContext ctx, Throwable failure) {
        if (RetryableFailures.answered(ctx, failure, MavenRoutes::reject)) {
            return;
        }
        LOG.errorf(failure, "Request %s %s (request id %s) failed", ctx.request().method(), ctx.request().path(),
                RequestIds.of(ctx));
        reject(ctx, 500, "INTERNAL", "internal error (request id " + RequestIds.of(ctx) + ")");
    }

    /** A reason phrase must be printable ASCII on one line. */
    private static String reasonPhrase(String message) {
        StringBuilder phrase = new StringBuilder(Math.min(message.length(), 200));
        for (int i = 0; i < message.length() && phrase.length() < 200; i++) {
            char c = message.charAt(i);
            phrase.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return phrase.toString();
    }
}
