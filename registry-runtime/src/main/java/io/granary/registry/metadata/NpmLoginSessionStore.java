package io.granary.registry.metadata;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.hibernate.reactive.mutiny.Mutiny;

/** Pending npm web logins, shared by every replica (see V11__npm_login_session.sql). */
@ApplicationScoped
public class NpmLoginSessionStore {

    /** A pending login: the session token's hash and its sealed secret. */
    public record Session(UUID id, String repository, String tokenHash, String sealed) {
    }

    private final Mutiny.SessionFactory sessions;

    NpmLoginSessionStore(Mutiny.SessionFactory sessions) {
        this.sessions = sessions;
    }

    /** Records a new session and drops the expired ones, so abandoned logins do not pile up. */
    public Uni<Void> create(Session session, String doneHash, Instant expiresAt) {
        return sessions.withTransaction(s -> s.createNativeQuery("DELETE FROM npm_login_session WHERE expires_at < now()")
                .executeUpdate()
                .chain(() -> s.createNativeQuery("INSERT INTO npm_login_session "
                                + "(id, repository, done_hash, token_hash, sealed, expires_at) "
                                + "VALUES (:id, :repository, :done, :token, :sealed, :expires)")
                        .setParameter("id", session.id())
                        .setParameter("repository", session.repository())
                        .setParameter("done", doneHash)
                        .setParameter("token", session.tokenHash())
                        .setParameter("sealed", session.sealed())
                        .setParameter("expires", OffsetDateTime.ofInstant(expiresAt, ZoneOffset.UTC))
                        .executeUpdate())
                .replaceWithVoid());
    }

    /** The unexpired session behind a login page, or null. */
    public Uni<Session> byId(UUID id) {
        return find("id = :key", id);
    }

    /** The unexpired session behind a doneUrl secret's hash, or null. */
    public Uni<Session> byDoneHash(String doneHash) {
        return find("done_hash = :key", doneHash);
    }

    /** Ends a session once its token was handed out. */
    public Uni<Void> delete(UUID id) {
        return sessions.withTransaction(s -> s.createNativeQuery("DELETE FROM npm_login_session WHERE id = :id")
                .setParameter("id", id)
                .executeUpdate()
                .replaceWithVoid());
    }

    private Uni<Session> find(String condition, Object key) {
        return sessions.withSession(s -> s.createNativeQuery("SELECT id, repository, token_hash, sealed "
                                + "FROM npm_login_session WHERE " + condition + " AND expires_at > now()", Object[].class)
                .setParameter("key", key)
                .getResultList()
                .map(NpmLoginSessionStore::first));
    }

    private static Session first(List<Object[]> rows) {
        if (rows.isEmpty()) {
            return null;
        }
        Object[] r = rows.get(0);
        return new Session((UUID) r[0], (String) r[1], ((String) r[2]).strip(), (String) r[3]);
    }
}
