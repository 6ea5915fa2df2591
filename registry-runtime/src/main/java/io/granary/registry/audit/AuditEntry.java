package io.granary.registry.audit;

/**
 * One audited event: a write, a deletion, an administrative change, or a denied request.
 *
 * @param outcome {@code allowed}, {@code denied} or {@code failed}
 */
public record AuditEntry(String requestId, String actor, String action, String repository, String path,
                         String outcome, int status, String detail, String remoteAddress) {

    public static final String ALLOWED = "allowed";
    public static final String DENIED = "denied";
    public static final String FAILED = "failed";
}
