package io.granary.registry.group;

import io.granary.registry.catalog.RepositoryDefinition;
import io.granary.registry.http.ErrorWriter;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * One admitted request to a group: the caller's exchange, the group, the path below it (raw, as the
 * caller sent it), the format's URL prefix and error writer, and the members to ask in order.
 */
record GroupRequest(RoutingContext ctx, RepositoryDefinition group, String prefix, String rest, ErrorWriter errors,
                    List<String> members, MemberCredentials credentials) {

    /** The URI of the same request on a member, query string included. */
    String memberUri(String member) {
        return memberUri(member, rest);
    }

    /** The URI of {@code path} (below the repository) on a member, with the caller's query string. */
    String memberUri(String member, String path) {
        return memberUri(member, path, ctx.request().query());
    }

    /** The URI of {@code path} (below the repository) on a member with {@code query} (may be null). */
    String memberUri(String member, String path, String query) {
        return prefix + member + "/" + path + (query == null ? "" : "?" + query);
    }

    /** Rewrites a member's own URL prefix in {@code text} ({@code /maven/a/...}) to the group's. */
    String throughGroup(String member, String text) {
        return MemberUrls.rewrite(text, prefix, member, group.name());
    }

    boolean head() {
        return ctx.request().method() == io.vertx.core.http.HttpMethod.HEAD;
    }
}
