package io.granary.registry.auth;

import io.granary.registry.catalog.RepositoryDefinition;

/**
 * Decides whether a caller may perform an action on a repository. Anonymous callers may read only
 * repositories that declare {@code access.anonymousRead}; everything else needs a role.
 */
public final class AccessPolicy {

    private AccessPolicy() {
    }

    public static AccessDecision decide(TokenAuthenticator.Result auth, RepositoryDefinition repository, Action action) {
        if (auth.invalid()) {
            return AccessDecision.CHALLENGE;
        }
        Principal principal = auth.principal();
        if (principal.isAnonymous()) {
            return action == Action.READ && repository.anonymousRead() ? AccessDecision.ALLOW : AccessDecision.CHALLENGE;
        }
        if (action == Action.READ && repository.anonymousRead()) {
            return AccessDecision.ALLOW;
        }
        return principal.roleOn(repository.name())
                .filter(role -> role.includes(action.needs()))
                .map(role -> AccessDecision.ALLOW)
                .orElse(AccessDecision.FORBIDDEN);
    }
}
