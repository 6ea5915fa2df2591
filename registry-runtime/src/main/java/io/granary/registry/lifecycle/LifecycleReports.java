package io.granary.registry.lifecycle;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.ZoneOffset;
import org.hibernate.reactive.mutiny.Mutiny;

/** The last report of each lifecycle run (retention per repository, garbage collection), kept in PostgreSQL. */
@ApplicationScoped
public class LifecycleReports {

    /** Kind of a retention report. */
    public static final String RETENTION = "retention";
    /** Kind of a garbage collection report; its repository is {@link #ALL}. */
    public static final String GC = "gc";
    /** The repository of reports that cover the whole blob store. */
    public static final String ALL = "*";

    private final Mutiny.SessionFactory sessions;
    private final ObjectMapper json;

    LifecycleReports(Mutiny.SessionFactory sessions, ObjectMapper json) {
        this.sessions = sessions;
        this.json = json;
    }

    /** Replaces the last report of the kind for the repository. */
    public <T> Uni<T> save(String kind, String repository, Instant finishedAt, T report) {
        String body;
        try {
            body = json.writeValueAsString(report);
        } catch (JsonProcessingException e) {
            return Uni.createFrom().failure(e);
        }
        return sessions.withTransaction(s -> s.createNativeQuery("INSERT INTO lifecycle_report (kind, repository, finished_at, "
                                + "report) VALUES (:kind, :repo, :at, :report) ON CONFLICT (kind, repository) DO UPDATE SET "
                                + "finished_at = EXCLUDED.finished_at, report = EXCLUDED.report")
                        .setParameter("kind", kind)
                        .setParameter("repo", repository)
                        .setParameter("at", finishedAt.atOffset(ZoneOffset.UTC))
                        .setParameter("report", body)
                        .executeUpdate())
                .replaceWith(report);
    }

    /** The last report of the kind for the repository, or null. */
    public <T> Uni<T> last(String kind, String repository, Class<T> type) {
        return sessions.withSession(s -> s.createNativeQuery("SELECT report FROM lifecycle_report WHERE kind = :kind "
                                + "AND repository = :repo", String.class)
                        .setParameter("kind", kind)
                        .setParameter("repo", repository)
                        .getResultList())
                .map(rows -> {
                    if (rows.isEmpty()) {
                        return null;
                    }
                    try {
                        return json.readValue(rows.get(0), type);
                    } catch (JsonProcessingException e) {
                        throw new IllegalStateException("stored " + kind + " report of " + repository + " is unreadable", e);
                    }
                });
    }
}
