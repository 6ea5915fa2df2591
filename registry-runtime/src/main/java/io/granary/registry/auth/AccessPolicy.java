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
        return decide(auth, repository, action, null);
    }

    /**
     * Like {@link #decide(TokenAuthenticator.Result, RepositoryDefinition, Action)}, also honouring a
     * role granted on one part of the repository: a grant on {@code <repository>/<part>} (e.g.
     * {@code npm-local/@acme} for an npm scope) counts for requests about that part only.
     */
    public static AccessDecision decide(TokenAuthenticator.Result auth, RepositoryDefinition repository, Action action,
                                        String part) {
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
        java.util.Optional<Role> held = principal.roleOn(repository.name());
        Role narrow = part == null ? null : principal.grants().get(repository.name() + "/" + part);
        if (narrow != null && held.map(r -> narrow.includes(r)).orElse(true)) {
            held = java.util.Optional.of(narrow);
        }
        return held
                .filter(r -> r.includes(action.needs()))
                .map(role -> AccessDecision.ALLOW)
                .orElse(AccessDecision.FORBIDDEN);
    }
}
