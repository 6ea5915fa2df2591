package io.granary.registry.metadata;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Maps repository names to their row ids, creating the row the first time a declared repository is
 * used. Ids never change, so they are cached for the life of the process.
 */
@ApplicationScoped
public class RepositoryIds {

    private final Mutiny.SessionFactory sessions;
    private final ConcurrentMap<String, Long> cache = new ConcurrentHashMap<>();
    private final ConcurrentMap<Long, String> names = new ConcurrentHashMap<>();

    RepositoryIds(Mutiny.SessionFactory sessions) {
        this.sessions = sessions;
    }

    /** The id of the repository row, inserted on first use. */
    public Uni<Long> idOf(String name, String format) {
        Long known = cache.get(name);
        if (known != null) {
            return Uni.createFrom().item(known);
        }
        return sessions.withTransaction(s -> s.createNativeQuery(
                                "INSERT INTO repository (name, format) VALUES (:name, :format) "
                                        + "ON CONFLICT (name) DO UPDATE SET format = EXCLUDED.format RETURNING id",
                                Long.class)
                        .setParameter("name", name)
                        .setParameter("format", format)
                        .getSingleResult())
                .invoke(id -> {
                    cache.put(name, id);
                    names.put(id, name);
                });
    }

    /**
     * The name of a repository whose id this process has looked up, else null. Every row read through a repository
     * was found by its id first, so the rows this process holds always resolve.
     */
    public String nameOf(long id) {
        return names.get(id);
    }
}
