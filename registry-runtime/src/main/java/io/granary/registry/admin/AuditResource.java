package io.granary.registry.admin;

import io.granary.registry.audit.AuditLog;
import io.granary.registry.metadata.AuditEventRecord;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

/** The audit log for admins, newest first, filtered by repository, actor, outcome and time. */
@Path("/api/v1/audit")
@Produces(MediaType.APPLICATION_JSON)
public class AuditResource {

    private static final int MAX_LIMIT = 1000;

    /** One audit event as served. */
    public record AuditEventView(long id, Instant at, String requestId, String actor, String action, String repository,
                                 String path, String outcome, Integer status, String detail, String remoteAddress) {
        static AuditEventView of(AuditEventRecord r) {
            return new AuditEventView(r.id, r.at, r.requestId, r.actor, r.action, r.repository, r.path, r.outcome,
                    r.status, r.detail, r.remoteAddr);
        }
    }

    private final AdminAccess access;
    private final AuditLog audit;

    AuditResource(AdminAccess access, AuditLog audit) {
        this.access = access;
        this.audit = audit;
    }

    @GET
    public Uni<List<AuditEventView>> query(@QueryParam("repository") String repository, @QueryParam("actor") String actor,
                                           @QueryParam("outcome") String outcome, @QueryParam("since") String since,
                                           @QueryParam("limit") Integer limit, RoutingContext ctx) {
        return access.requireGlobalAdmin(ctx, "read-audit").chain(admin -> {
            int n = limit == null ? 100 : limit;
            if (n < 1 || n > MAX_LIMIT) {
                throw new ApiException(400, "INVALID", "limit must be between 1 and " + MAX_LIMIT);
            }
            Instant from;
            try {
                from = since == null ? null : Instant.parse(since);
            } catch (DateTimeParseException e) {
                throw new ApiException(400, "INVALID", "since must be an RFC 3339 instant like 2026-01-31T12:00:00Z");
            }
            return audit.query(repository, actor, outcome, from, n);
        }).map(rows -> rows.stream().map(AuditEventView::of).toList());
    }
}
