package io.granary.registry.catalog;

import java.util.Collection;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The repositories this runtime serves. Standalone, a directory of Repository YAML; in a cluster,
 * the Repository custom resources of its Registry. Both feed the same {@link RepositoryDefinition}s.
 */
public interface RepositoryCatalog {

    /** The repository with that name, if declared. */
    Optional<RepositoryDefinition> find(String name);

    /** Every declared repository. */
    Collection<RepositoryDefinition> all();

    /** Called after each change of the declared set (added, changed or removed definitions). */
    void onChange(Consumer<Collection<RepositoryDefinition>> listener);
}
