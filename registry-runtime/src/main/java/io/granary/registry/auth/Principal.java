package io.granary.registry.auth;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Who is calling: a token's name and its roles per repository ({@code *} = all), or anonymous.
 */
public record Principal(String name, UUID tokenId, Map<String, Role> grants) {

    /** Every repository. */
    public static final String ALL_REPOSITORIES = "*";
    public static final Principal ANONYMOUS = new Principal("anonymous", null, Map.of());

    public boolean isAnonymous() {
        return tokenId == null;
    }

    /** The strongest role held on that repository, directly or through {@code *}. */
    public Optional<Role> roleOn(String repository) {
        Role direct = grants.get(repository);
        Role all = grants.get(ALL_REPOSITORIES);
        if (direct == null) {
            return Optional.ofNullable(all);
        }
        return Optional.of(all == null || direct.includes(all) ? direct : all);
    }

    /** Admin on every repository: may manage tokens and read the audit log. */
    public boolean isGlobalAdmin() {
        return grants.get(ALL_REPOSITORIES) == Role.ADMIN;
    }
}
