package io.granary.registry.npm;

import io.granary.registry.audit.AuditEntry;
import io.granary.registry.audit.AuditLog;
import io.granary.registry.auth.Role;
import io.granary.registry.catalog.RepositoryDefinition;
import io.granary.registry.metadata.PromotedVersionException;

/**
 * Whether a caller may unpublish (remove versions or whole packages) in a repository. Off unless the
 * repository sets {@code spec.npm.allowUnpublish: true}, because removed versions break every
 * lock file that names them; in an immutable repository only admins may unpublish. A version a
 * PromotionRule promoted into the repository is never unpublished (the metadata store refuses it).
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

    /**
     * Answers a failed removal: when the metadata store refused it because a version was promoted
     * here, 403 in npm's error format, audited as a denied delete; any other failure as usual.
     */
    static void failed(NpmRequest request, AuditLog audit, Throwable failure) {
        if (!(failure instanceof PromotedVersionException promoted)) {
            request.fail(failure);
            return;
        }
        String refusal = promoted.getMessage() + " from " + request.repository().name()
                + "; deprecate it instead";
        audit.record(new AuditEntry(request.requestId(), request.principal().name(), "delete",
                        request.repository().name(), request.pkg().full(), AuditEntry.DENIED, 403, refusal, request.remote()))
                .subscribe().with(v -> request.error(403, "UNPUBLISH_FORBIDDEN", refusal), request::fail);
    }
}
