package io.granary.registry.oci;

import io.granary.registry.audit.AuditEntry;
import io.granary.registry.audit.AuditLog;
import io.granary.registry.http.Causes;
import io.granary.registry.metadata.QuotaExceededException;

/**
 * Answers a push that the repository's quota refused: audited as a denied write, then 413 with the
 * spec's {@code DENIED} code and the numbers a person needs to act (quota, stored, refused). The
 * pushed bytes stay unreferenced and go with the next garbage collection.
 */
final class OciQuotaRefusal {

    private OciQuotaRefusal() {
    }

    /** Whether {@code failure} was a quota refusal, in which case it has been answered. */
    static boolean answered(OciRequest request, AuditLog audit, String path, Throwable failure) {
        QuotaExceededException quota = Causes.find(failure, QuotaExceededException.class);
        if (quota == null) {
            return false;
        }
        String message = "repository " + request.repository().name() + " is over its quota: " + quota.quotaBytes()
                + " bytes allowed, " + quota.usageBytes() + " stored, this push adds " + quota.addedBytes();
        audit.record(new AuditEntry(request.requestId(), request.actor(), "write", request.repository().name(),
                        request.pathOf(path), AuditEntry.DENIED, 413, "quota exceeded", request.remote()))
                .subscribe().with(
                        v -> OciErrors.send(request.ctx(), 413, OciErrors.DENIED, message),
                        failed -> OciErrors.fail(request.ctx(), failed));
        return true;
    }
}
