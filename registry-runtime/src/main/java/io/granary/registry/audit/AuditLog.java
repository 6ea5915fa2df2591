package io.granary.registry.audit;

import io.granary.registry.metadata.AuditEventRecord;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.logging.Logger;

/**
 * The audit trail: every write and every denied request, in PostgreSQL (queryable by admins) and as
 * a log line. Callers wait for the row before answering, so a client never sees a write that the
 * audit log does not show.
 */
@ApplicationScoped
public class AuditLog {

    private static final Logger LOG = Logger.getLogger("granary.audit");
    private static final int MAX_DETAIL = 1000;

    private final Mutiny.SessionFactory sessions;

    AuditLog(Mutiny.SessionFactory sessions) {
        this.sessions = sessions;
    }

    /** Stores the entry; a failure to store is logged and does not fail the request it describes. */
    public Uni<Void> record(AuditEntry entry) {
        LOG.infof("audit action=%s outcome=%s status=%d actor=%s repository=%s path=%s requestId=%s",
                entry.action(), entry.outcome(), entry.status(), entry.actor(), entry.repository(), entry.path(),
                entry.requestId());
        AuditEventRecord row = new AuditEventRecord();
        row.at = Instant.now();
        row.requestId = entry.requestId();
        row.actor = entry.actor();
        row.action = entry.action();
        row.repository = entry.repository();
        row.path = entry.path();
        row.outcome = entry.outcome();
        row.status = entry.status();
        row.detail = entry.detail() == null || entry.detail().length() <= MAX_DETAIL
                ? entry.detail() : entry.detail().substring(0, MAX_DETAIL);
        row.remoteAddr = entry.remoteAddress();
        return sessions.withTransaction(s -> s.persist(row))
                .onFailure().invoke(e -> LOG.errorf("Could not store audit event %s: %s", entry.action(), e.getMessage()))
                .onFailure().recoverWithNull();
    }

    /** Newest events first, filtered by whichever arguments are non-null. */
    public Uni<List<AuditEventRecord>> query(String repository, String actor, String outcome, Instant since, int limit) {
        StringBuilder hql = new StringBuilder("from AuditEventRecord where 1 = 1");
        if (repository != null) {
            hql.append(" and repository = :repository");
        }
        if (actor != null) {
            hql.append(" and actor = :actor");
        }
        if (outcome != null) {
            hql.append(" and outcome = :outcome");
        }
        if (since != null) {
            hql.append(" and at >= :since");
        }
        hql.append(" order by id desc");
        return sessions.withSession(s -> {
            var q = s.createSelectionQuery(hql.toString(), AuditEventRecord.class).setMaxResults(limit);
            if (repository != null) {
                q.setParameter("repository", repository);
            }
            if (actor != null) {
                q.setParameter("actor", actor);
            }
            if (outcome != null) {
                q.setParameter("outcome", outcome);
            }
            if (since != null) {
                q.setParameter("since", since);
            }
            return q.getResultList();
        });
    }
}
