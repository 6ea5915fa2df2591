package io.granary.registry.group;

import io.granary.registry.auth.Action;
import io.granary.registry.catalog.RepositoryCatalog;
import io.granary.registry.catalog.RepositoryDefinition;
import io.granary.registry.http.ErrorWriter;
import io.granary.registry.http.RefusedBody;
import io.granary.registry.http.RepositoryRoutes;
import io.granary.registry.http.RequestIds;
import io.granary.registry.observability.Operation;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Serves {@code type: group} repositories of the path-based formats (maven, npm, pypi, helm,
 * generic): the caller is admitted on the group, then reads go to the members in order (first match,
 * or merged metadata) and writes go to the deploy member, each member admitting the caller itself.
 */
@ApplicationScoped
public class GroupRoutes {

    private static final Logger LOG = Logger.getLogger(GroupRoutes.class);
    /** Status of a request that went through more nested groups than allowed (RFC 5842). */
    static final int LOOP_DETECTED = 508;
    /** Error code of a query a merge cannot page by (OCI's own code; other formats show it as is). */
    public static final String INVALID_QUERY = "PAGINATION_NUMBER_INVALID";

    private final RepositoryRoutes routes;
    private final RepositoryCatalog catalog;
    private final FirstMatch firstMatch;
    private final MergedRead mergedRead;
    private final DeployForward deploy;

    GroupRoutes(RepositoryRoutes routes, RepositoryCatalog catalog, FirstMatch firstMatch, MergedRead mergedRead,
                DeployForward deploy) {
        this.routes = routes;
        this.catalog = catalog;
        this.firstMatch = firstMatch;
        this.mergedRead = mergedRead;
        this.deploy = deploy;
    }

    /** Serves a request located in a group; {@code rest} is the raw path below {@code <prefix><group>/}. */
    public void serve(RoutingContext ctx, String prefix, RepositoryDefinition group, String rest, ErrorWriter errors) {
        if (tooDeep(ctx, group, errors)) {
            return;
        }
        HttpMethod method = ctx.request().method();
        boolean read = method == HttpMethod.GET || method == HttpMethod.HEAD;
        // A group is a view: reading it needs read access to it; whether a write is allowed is for the
        // deploy member to decide, with the caller's own credentials.
        routes.admit(ctx, new RepositoryRoutes.Target(group, rest), Action.READ, read ? Operation.PULL : Operation.PUSH,
                errors, principal -> dispatch(ctx, prefix, group, rest, errors,
                        MemberCredentials.caller(ctx.request().getHeader("Authorization"))), failure -> {
                    LOG.errorf(failure, "Group request %s %s (request id %s) failed", method, ctx.request().path(),
                            RequestIds.of(ctx));
                    RepositoryRoutes.reject(ctx, errors, 500, "INTERNAL", "internal error (request id "
                            + RequestIds.of(ctx) + ")");
                });
    }

    /**
     * Serves a request the format's routes already admitted on the group (OCI, whose registry tokens
     * are scoped per name): {@code memberAuthorization} is what members are to see (null: nothing).
     */
    public void serveAdmitted(RoutingContext ctx, String prefix, RepositoryDefinition group, String rest,
                              ErrorWriter errors, String memberAuthorization) {
        if (tooDeep(ctx, group, errors)) {
            return;
        }
        dispatch(ctx, prefix, group, rest, errors, new MemberCredentials(memberAuthorization));
    }

    /** Answers 508 when groups nest too deep (a cycle of groups would otherwise recurse forever). */
    private static boolean tooDeep(RoutingContext ctx, RepositoryDefinition group, ErrorWriter errors) {
        if (MemberClient.hops(ctx.request()) < MemberClient.MAX_HOPS) {
            return false;
        }
        RepositoryRoutes.reject(ctx, errors, LOOP_DETECTED, "LOOP_DETECTED", "groups nest deeper than "
                + MemberClient.MAX_HOPS + " levels; check group " + group.name() + " for a cycle");
        return true;
    }

    private void dispatch(RoutingContext ctx, String prefix, RepositoryDefinition group, String rest, ErrorWriter errors,
                          MemberCredentials credentials) {
        GroupRequest request = new GroupRequest(ctx, group, prefix, rest, errors, members(group), credentials);
        HttpMethod method = ctx.request().method();
        if (method != HttpMethod.GET && method != HttpMethod.HEAD) {
            deploy.serve(request);
            return;
        }
        MetadataMerge merge = MetadataMerges.forPath(group.format(), rest);
        if (merge == null) {
            firstMatch.serve(request);
        } else {
            mergedRead.serve(request, merge);
        }
    }

    /** The declared members that exist with the group's format; others are skipped (and logged once per call). */
    public List<String> members(RepositoryDefinition group) {
        List<String> declared = group.resource().getSpec().getMembers();
        return declared == null ? List.of() : declared.stream().filter(name -> {
            boolean usable = catalog.find(name).filter(m -> m.format() == group.format()).isPresent();
            if (!usable) {
                LOG.debugf("Group %s skips member %s: no %s repository by that name", group.name(), name,
                        group.format().wireName());
            }
            return usable;
        }).toList();
    }

    static void reject(GroupRequest request, int status, String code, String message) {
        request.errors().write(request.ctx(), status, code, message).onComplete(v -> RefusedBody.discard(request.ctx()));
    }
}
