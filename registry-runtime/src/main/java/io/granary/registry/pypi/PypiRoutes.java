package io.granary.registry.pypi;

import io.granary.registry.http.RetryableFailures;
import io.granary.api.v1alpha1.repository.RepositoryFormat;
import io.granary.registry.auth.Action;
import io.granary.registry.catalog.RepositoryDefinition;
import io.granary.registry.core.HostedAssets;
import io.granary.registry.http.RepositoryRoutes;
import io.granary.registry.http.RequestIds;
import io.granary.registry.http.StoredAssetResponder;
import io.granary.registry.observability.Operation;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * The PyPI protocol at {@code /pypi/<repository>/}: uploads ({@code POST} to the repository URL, as
 * twine does), the simple index at {@code simple/} and {@code simple/<project>/}, and files at
 * {@code files/<project>/<file>} (plus their PEP 658 {@code .metadata}).
 */
@ApplicationScoped
public class PypiRoutes {

    static final String PREFIX = "/pypi/";
    private static final Logger LOG = Logger.getLogger(PypiRoutes.class);
    private static final Pattern FILE = Pattern.compile("files/([^/]+)/([^/]+)");

    private final RepositoryRoutes routes;
    private final HostedAssets assets;
    private final StoredAssetResponder responder;
    private final SimpleIndexHandler index;
    private final PypiUploadHandler upload;

    PypiRoutes(RepositoryRoutes routes, HostedAssets assets, StoredAssetResponder responder, SimpleIndexHandler index,
               PypiUploadHandler upload) {
        this.routes = routes;
        this.assets = assets;
        this.responder = responder;
        this.index = index;
        this.upload = upload;
    }

    void register(@Observes Router router) {
        router.route("/pypi/*").order(-100).handler(this::handle);
    }

    void handle(RoutingContext ctx) {
        RepositoryRoutes.Target target = routes.locate(ctx, PREFIX, RepositoryFormat.PYPI, PypiErrors::write);
        if (target == null) {
            return;
        }
        RepositoryDefinition repository = target.repository();
        String name = repository.name();
        String rest = target.rest();
        HttpMethod method = ctx.request().method();
        boolean read = method == HttpMethod.GET || method == HttpMethod.HEAD;
        if (method == HttpMethod.POST && (rest.isEmpty() || rest.equals("legacy/"))) {
            admitted(ctx, target, Action.WRITE, Operation.PUSH, upload::handle);
        } else if (!read) {
            ctx.response().putHeader("Allow", "GET, HEAD");
            PypiErrors.reject(ctx, 405, method + " is not supported here; uploads go to " + PREFIX + name + "/");
        } else if (rest.equals("simple")) {
            redirect(ctx, PREFIX + name + "/simple/");
        } else if (rest.equals("simple/")) {
            admitted(ctx, target, Action.READ, Operation.LIST, index::projectList);
        } else if (rest.startsWith("simple/")) {
            String project = rest.substring("simple/".length());
            String bare = project.endsWith("/") ? project.substring(0, project.length() - 1) : project;
            if (!PypiNames.isValid(bare)) {
                PypiErrors.reject(ctx, 404, "not a valid project name: " + bare);
            } else if (!project.equals(PypiNames.normalize(bare) + "/")) {
                // PEP 503: one URL per project; pip follows the redirect.
                redirect(ctx, PREFIX + name + "/simple/" + PypiNames.normalize(bare) + "/");
            } else {
                admitted(ctx, target, Action.READ, Operation.LIST, r -> index.project(r, PypiNames.normalize(bare)));
            }
        } else if (FILE.matcher(rest).matches()) {
            var m = FILE.matcher(rest);
            m.matches();
            String path = PypiNames.normalize(m.group(1)) + "/" + m.group(2);
            admitted(ctx, target, Action.READ, Operation.PULL, r -> download(r, path));
        } else {
            PypiErrors.reject(ctx, 404, "not found: " + ctx.request().path());
        }
    }

    private void admitted(RoutingContext ctx, RepositoryRoutes.Target target, Action action, Operation operation,
                          java.util.function.Consumer<PypiRequest> handler) {
        routes.admit(ctx, target, action, operation, PypiErrors::write,
                principal -> handler.accept(new PypiRequest(ctx, target.repository(), target.rest(), principal)),
                failure -> fail(ctx, failure));
    }

    private void download(PypiRequest request, String path) {
        assets.find(request.repository(), path).subscribe().with(asset -> {
            if (asset == null) {
                PypiErrors.reject(request.ctx(), 404, "no file " + path + " in " + request.repository().name());
                return;
            }
            responder.serve(request.ctx(), asset, PypiErrors::write);
        }, failure -> fail(request.ctx(), failure));
    }

    private static void redirect(RoutingContext ctx, String location) {
        String query = ctx.request().query();
        ctx.response().setStatusCode(301).putHeader("Location", query == null ? location : location + "?" + query).end();
    }

    /** Unexpected failures: logged with the request id, answered without internals. */
    static void fail(RoutingContext ctx, Throwable failure) {
        if (RetryableFailures.answered(ctx, failure, (c, status, code, message) -> PypiErrors.reject(c, status, message))) {
            return;
        }
        LOG.errorf(failure, "Request %s %s failed", ctx.request().method(), ctx.request().path());
        PypiErrors.reject(ctx, 500, "internal error (request id " + RequestIds.of(ctx) + ")");
    }
}
