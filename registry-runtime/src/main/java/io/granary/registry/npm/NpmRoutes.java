package io.granary.registry.npm;

import io.granary.api.v1alpha1.repository.RepositoryFormat;
import io.granary.registry.auth.Action;
import io.granary.registry.catalog.RepositoryDefinition;
import io.granary.registry.http.RepositoryRoutes;
import io.granary.registry.observability.Operation;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * The npm registry protocol at {@code /npm/<repository>/}: packuments, tarballs, publish, dist-tags,
 * deprecate, unpublish and the account endpoints the CLI calls. This class resolves the repository,
 * what the path names and the caller, then hands over to one handler per resource.
 */
@ApplicationScoped
public class NpmRoutes {

    static final String PREFIX = "/npm/";

    private final RepositoryRoutes routes;
    private final NpmPackumentHandler packuments;
    private final NpmPublishHandler publish;
    private final NpmDistTagHandler distTags;
    private final NpmUnpublishHandler unpublish;
    private final NpmTarballHandler tarballs;
    private final NpmAccountHandler account;
    private final NpmWebLoginHandler webLogin;

    NpmRoutes(RepositoryRoutes routes, NpmPackumentHandler packuments, NpmPublishHandler publish,
              NpmDistTagHandler distTags, NpmUnpublishHandler unpublish, NpmTarballHandler tarballs,
              NpmAccountHandler account, NpmWebLoginHandler webLogin) {
        this.routes = routes;
        this.packuments = packuments;
        this.publish = publish;
        this.distTags = distTags;
        this.unpublish = unpublish;
        this.tarballs = tarballs;
        this.account = account;
        this.webLogin = webLogin;
    }

    /** The registry URL of a repository as the client reached it, ending in '/'. */
    static String registryUrl(RoutingContext ctx, RepositoryDefinition repository) {
        return ctx.request().scheme() + "://" + ctx.request().authority() + PREFIX + repository.name() + "/";
    }

    void register(@Observes Router router) {
        router.route("/npm/*").order(-100).handler(this::handle);
    }

    void handle(RoutingContext ctx) {
        RepositoryRoutes.Target located = routes.locate(ctx, PREFIX, RepositoryFormat.NPM, NpmErrors::write);
        if (located == null) {
            return;
        }
        RepositoryDefinition repository = located.repository();
        NpmTarget target;
        try {
            target = NpmTarget.parse(located.rest());
        } catch (IllegalArgumentException e) {
            NpmErrors.write(ctx, 400, "NAME_INVALID", e.getMessage());
            return;
        }
        switch (target.kind()) {
            case PING -> account.ping(ctx);
            case WHOAMI -> account.whoami(ctx);
            case WEB_LOGIN -> webLogin.start(ctx, repository);
            case WEB_LOGIN_PAGE -> webLogin.page(ctx, repository, target.detail());
            case WEB_LOGIN_DONE -> webLogin.done(ctx, repository, target.detail());
            case USER -> account.login(ctx, repository, target.detail());
            case USER_TOKEN -> account.logout(ctx, repository, target.detail());
            case AUDIT -> NpmErrors.write(ctx, 501, "NOT_SUPPORTED",
                    "npm audit is not supported by Granary: it holds no security advisories");
            case UNKNOWN -> NpmErrors.write(ctx, 404, "NOT_FOUND", "not found");
            default -> admitted(ctx, repository, target);
        }
    }

    private void admitted(RoutingContext ctx, RepositoryDefinition repository, NpmTarget target) {
        HttpMethod method = ctx.request().method();
        boolean read = method == HttpMethod.GET || method == HttpMethod.HEAD;
        Action action = switch (target.kind()) {
            case PACKUMENT, VERSION, TARBALL, DIST_TAGS -> read ? Action.READ : null;
            case DIST_TAG -> method == HttpMethod.PUT || method == HttpMethod.POST || method == HttpMethod.DELETE
                    ? Action.WRITE : null;
            case PACKAGE_REVISION -> method == HttpMethod.PUT ? Action.WRITE
                    : method == HttpMethod.DELETE ? Action.DELETE : null;
            case TARBALL_REVISION -> method == HttpMethod.DELETE ? Action.DELETE : null;
            default -> null;
        };
        if (target.kind() == NpmTarget.Kind.PACKUMENT && method == HttpMethod.PUT) {
            action = Action.WRITE;
        }
        if (action == null) {
            NpmErrors.write(ctx, 405, "METHOD_NOT_ALLOWED", method + " is not supported here");
            return;
        }
        Operation operation = read ? Operation.PULL : action == Action.DELETE ? Operation.DELETE : Operation.PUSH;
        NpmPackageName pkg = target.pkg();
        routes.admit(ctx, new RepositoryRoutes.Target(repository, pkg.full()), pkg.scoped() ? pkg.scope() : null,
                action, operation, NpmErrors::write, principal -> {
                    NpmRequest request = new NpmRequest(ctx, repository, target, principal);
                    switch (target.kind()) {
                        case PACKUMENT -> {
                            if (read) {
                                packuments.packument(request);
                            } else {
                                publish.handle(request);
                            }
                        }
                        case VERSION -> packuments.version(request);
                        case TARBALL -> tarballs.handle(request);
                        case DIST_TAGS -> distTags.list(request);
                        case DIST_TAG -> distTags.change(request);
                        case PACKAGE_REVISION -> {
                            if (method == HttpMethod.PUT) {
                                publish.handle(request);
                            } else {
                                unpublish.removePackage(request);
                            }
                        }
                        case TARBALL_REVISION -> unpublish.removeTarball(request);
                        default -> throw new IllegalStateException(target.kind().name());
                    }
                }, failure -> NpmErrors.fail(ctx, failure));
    }
}
