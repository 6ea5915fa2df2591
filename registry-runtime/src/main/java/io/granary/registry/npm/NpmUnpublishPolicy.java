package io.granary.registry.npm;

import io.granary.registry.auth.Role;
import io.granary.registry.catalog.RepositoryDefinition;

/**
 * Whether a caller may unpublish (remove versions or whole packages) in a repository. Off unless the
 * repository sets {@code spec.npm.allowUnpublish: true}, because removed versions break every
 * lock file that names them; in an immutable repository only admins may unpublish.
 */
final class NpmUnpublishPolicy {

    private NpmUnpublishPolicy() {
    }

    /** The reason for refusing, or null when the unpublish may go ahead. */
    static String refusal(NpmRequest request) {
        RepositoryDefinition repository = request.repository();
        var npm = repository.resource().getSpec().getNpm();
        if (npm == null || !Boolean.TRUE.equals(npm.getAllowUnpublish())) {
            return "unpublish is disabled in repository " + repository.name()
                    + " (set spec.npm.allowUnpublish: true to allow it); deprecate the version instead";
        }
        if (repository.hasImmutability()
                && !request.principal().roleOn(repository.name()).map(r -> r.includes(Role.ADMIN)).orElse(false)) {
            return "repository " + repository.name() + " is immutable: only an admin may unpublish";
        }
        return null;
    }
}
