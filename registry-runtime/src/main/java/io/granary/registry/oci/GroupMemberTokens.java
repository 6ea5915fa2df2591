package io.granary.registry.oci;

import io.granary.registry.catalog.RepositoryDefinition;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What an OCI group's members see of its caller. A registry token names the group, not the members,
 * so the group mints a short-lived one for the same principal granting, per member, only the
 * actions that principal's own roles allow there; a Granary token is passed on as it came, for each
 * member to judge.
 */
@ApplicationScoped
public class GroupMemberTokens {

    /** Lifetime of a member token: it only has to outlive the start of one sub-request. */
    private static final long TTL_SECONDS = 60;

    private final OciAccess access;
    private final RegistryTokens tokens;

    GroupMemberTokens(OciAccess access, RegistryTokens tokens) {
        this.access = access;
        this.tokens = tokens;
    }

    /** The Authorization header for sub-requests about {@code image} in {@code members}. */
    public Uni<String> authorization(RoutingContext ctx, List<RepositoryDefinition> members, String image,
                                     Set<String> actions) {
        String header = ctx.request().getHeader("Authorization");
        return access.authenticate(ctx).chain(caller -> {
            if (caller.claims() == null && !caller.principal().isAnonymous()) {
                return Uni.createFrom().item(header);
            }
            OciAccess.Caller byRoles = new OciAccess.Caller(caller.principal(), null, false);
            Map<String, Set<String>> granted = new LinkedHashMap<>();
            for (RepositoryDefinition member : members) {
                String name = member.name() + "/" + image;
                Set<String> allowed = new TreeSet<>();
                actions.stream().filter(a -> OciAccess.allows(byRoles, member, name, a)).forEach(allowed::add);
                if (!allowed.isEmpty()) {
                    granted.put(name, allowed);
                }
            }
            return tokens.issue(caller.principal(), access.service(ctx), granted, TTL_SECONDS)
                    .map(token -> "Bearer " + token);
        });
    }
}
