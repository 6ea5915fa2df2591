package io.granary.registry.oci;

import io.granary.api.v1alpha1.repository.RepositoryFormat;
import io.granary.api.v1alpha1.repository.RepositoryType;
import io.granary.registry.catalog.RepositoryCatalog;
import io.granary.registry.catalog.RepositoryDefinition;
import io.granary.registry.group.GroupRoutes;
import io.granary.registry.http.ErrorWriter;
import io.granary.registry.http.RequestIds;
import io.granary.registry.observability.Operation;
import io.granary.registry.observability.RequestMetrics;
import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import java.util.Set;

/**
 * The OCI Distribution API (v1.1) at {@code /v2/}: resolves the name to a {@code format: oci}
 * repository, admits the caller for the action, then hands over to one handler per resource
 * (blobs, uploads, manifests, listings), or to the group routes for a {@code type: group} repository. Names are {@code <repository>/<image>} (DESIGN.md).
 */
@ApplicationScoped
public class OciRoutes {

    private static final String PREFIX = "/v2/";

    private final RepositoryCatalog catalog;
    private final OciAccess access;
    private final RequestMetrics metrics;
    private final OciTokenEndpoint tokenEndpoint;
    private final OciBlobHandler blobs;
    private final OciUploadHandler uploads;
    private final OciManifestHandler manifests;
    private final OciListHandler lists;
    private final GroupMemberTokens memberTokens;
    /** Lazily: group routes admit through the shared repository routes in turn. */
    private final Instance<GroupRoutes> groups;
    private final OciProxyRoutes proxies;

    OciRoutes(RepositoryCatalog catalog, OciAccess access, RequestMetrics metrics, OciTokenEndpoint tokenEndpoint,
              OciBlobHandler blobs, OciUploadHandler uploads, OciManifestHandler manifests, OciListHandler lists,
              GroupMemberTokens memberTokens, Instance<GroupRoutes> groups, OciProxyRoutes proxies) {
        this.memberTokens = memberTokens;
        this.groups = groups;
        this.catalog = catalog;
        this.access = access;
        this.metrics = metrics;
        this.tokenEndpoint = tokenEndpoint;
        this.blobs = blobs;
        this.uploads = uploads;
        this.manifests = manifests;
        this.lists = lists;
        this.proxies = proxies;
    }

    void register(@Observes Router router) {
        router.route("/v2/*").order(-100).handler(this::handle);
        router.route("/v2").order(-100).handler(this::handle);
    }

    void handle(RoutingContext ctx) {
        VertxContextSafetyToggle.setCurrentContextSafe(true);
        RequestIds.assign(ctx);
        ctx.request().pause();
        ctx.response().putHeader("Docker-Distribution-API-Version", "registry/2.0");
        String path = ctx.request().path();
        String rest = path.length() <= 4 ? "" : path.substring(4);
        if (rest.equals("token")) {
            tokenEndpoint.handle(ctx);
            return;
        }
        OciName name;
        try {
            name = OciName.parse(rest);
        } catch (OciName.Invalid e) {
            if (e.badName) {
                OciErrors.send(ctx, 400, OciErrors.NAME_INVALID, e.getMessage());
            } else {
                OciErrors.send(ctx, 404, OciErrors.UNSUPPORTED, "no such endpoint: " + path);
            }
            return;
        }
        HttpMethod method = ctx.request().method();
        switch (name.kind()) {
            case BASE -> base(ctx);
            case CATALOG -> {
                if (method != HttpMethod.GET) {
                    notAllowed(ctx, "GET");
                } else {
                    lists.catalog(ctx);
                }
            }
            default -> resource(ctx, name, method);
        }
    }

    private void base(RoutingContext ctx) {
        access.authenticate(ctx).subscribe().with(caller -> {
            if (caller.invalid() || caller.principal().isAnonymous() && caller.claims() == null) {
                access.challenge(ctx, null, false);
                OciErrors.send(ctx, 401, OciErrors.UNAUTHORIZED, caller.invalid() ? "invalid or expired token"
                        : "authentication required");
                return;
            }
            ctx.response().putHeader("Content-Type", "application/json").end("{}");
        }, failure -> OciErrors.fail(ctx, failure));
    }

    private void resource(RoutingContext ctx, OciName name, HttpMethod method) {
        RepositoryDefinition repository = catalog.find(name.repository())
                .filter(r -> r.format() == RepositoryFormat.OCI).orElse(null);
        if (repository == null) {
            OciErrors.send(ctx, 404, OciErrors.NAME_UNKNOWN, "no oci repository named " + name.repository());
            return;
        }
        if (repository.type() == RepositoryType.PROXY) {
            proxies.handle(ctx, repository, name);
            return;
        }
        boolean group = repository.type() == RepositoryType.GROUP;
        if (repository.type() != RepositoryType.HOSTED && !group) {
            OciErrors.send(ctx, 405, OciErrors.UNSUPPORTED, "only hosted oci repositories are served yet");
            return;
        }
        boolean read = method == HttpMethod.GET || method == HttpMethod.HEAD;
        String action;
        Operation operation;
        switch (name.kind()) {
            case BLOB -> {
                if (!read && method != HttpMethod.DELETE) {
                    notAllowed(ctx, "GET, HEAD, DELETE");
                    return;
                }
                action = read ? "pull" : "delete";
                operation = read ? Operation.PULL : Operation.DELETE;
            }
            case UPLOAD_START -> {
                if (method != HttpMethod.POST) {
                    notAllowed(ctx, "POST");
                    return;
                }
                action = "push";
                operation = Operation.PUSH;
            }
            case UPLOAD -> {
                if (method != HttpMethod.GET && method != HttpMethod.PATCH && method != HttpMethod.PUT
                        && method != HttpMethod.DELETE) {
                    notAllowed(ctx, "GET, PATCH, PUT, DELETE");
                    return;
                }
                action = "push";
                operation = Operation.PUSH;
            }
            case MANIFEST -> {
                if (!read && method != HttpMethod.PUT && method != HttpMethod.DELETE) {
                    notAllowed(ctx, "GET, HEAD, PUT, DELETE");
                    return;
                }
                action = read ? "pull" : method == HttpMethod.PUT ? "push" : "delete";
                operation = read ? Operation.PULL : method == HttpMethod.PUT ? Operation.PUSH : Operation.DELETE;
            }
            default -> {
                if (method != HttpMethod.GET) {
                    notAllowed(ctx, "GET");
                    return;
                }
                action = "pull";
                operation = Operation.LIST;
            }
        }
        String scope = action.equals("push") ? "pull,push" : action;
        metrics.track(ctx, repository.name(), repository.format().wireName(), operation);
        // A group is a view: reading it is what the caller needs there; each member judges the rest.
        access.admit(ctx, repository, name.name(), group ? "pull" : action, scope).subscribe().with(caller -> {
            if (caller == null) {
                return;
            }
            if (group) {
                serveGroup(ctx, repository, name, read);
                return;
            }
            OciRequest request = new OciRequest(ctx, repository, name, caller);
            switch (name.kind()) {
                case BLOB -> blobs.handle(request);
                case UPLOAD_START -> uploads.start(request);
                case UPLOAD -> uploads.handle(request);
                case MANIFEST -> manifests.handle(request);
                case TAGS -> lists.tags(request);
                case REFERRERS -> lists.referrers(request);
                default -> throw new IllegalStateException(name.kind().name());
            }
        }, failure -> OciErrors.fail(ctx, failure));
    }

    /** Hands an admitted request on a group to its members, with the credentials they are to see. */
    private void serveGroup(RoutingContext ctx, RepositoryDefinition group, OciName name, boolean read) {
        GroupRoutes routes = groups.get();
        var members = routes.members(group).stream().map(catalog::find).flatMap(java.util.Optional::stream).toList();
        Set<String> actions = read ? Set.of("pull") : Set.of("pull", "push", "delete");
        String rest = ctx.request().path().substring(PREFIX.length() + group.name().length() + 1);
        ErrorWriter errors = (c, status, code, message) -> OciErrors.send(c, status, switch (code) {
            case "NOT_FOUND" -> name.kind() == OciName.Kind.BLOB ? OciErrors.BLOB_UNKNOWN
                    : name.kind() == OciName.Kind.MANIFEST ? OciErrors.MANIFEST_UNKNOWN : OciErrors.NAME_UNKNOWN;
            case "UNAUTHORIZED" -> OciErrors.UNAUTHORIZED;
            case GroupRoutes.INVALID_QUERY -> OciErrors.PAGINATION_NUMBER_INVALID;
            default -> OciErrors.UNSUPPORTED;
        }, message);
        memberTokens.authorization(ctx, members, name.image(), actions).subscribe().with(
                authorization -> routes.serveAdmitted(ctx, PREFIX, group, rest, errors, authorization),
                failure -> OciErrors.fail(ctx, failure));
    }

    private static void notAllowed(RoutingContext ctx, String allow) {
        ctx.response().putHeader("Allow", allow);
        OciErrors.send(ctx, 405, OciErrors.UNSUPPORTED, ctx.request().method() + " is not supported here");
    }
}
