package io.granary.registry.catalog.kubernetes;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.granary.api.v1alpha1.repository.Repository;
import io.granary.registry.catalog.RepositoryCatalog;
import io.granary.registry.catalog.RepositoryDefinition;
import io.granary.registry.config.GranaryConfig;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * The in-cluster catalog: the Repository resources of one namespace that name this runtime's Registry, kept current
 * by an informer. An invalid resource is logged and not served (the API server's schema normally refuses it first).
 */
public final class KubernetesRepositoryCatalog implements RepositoryCatalog, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(KubernetesRepositoryCatalog.class);
    private static final long SYNC_TIMEOUT_SECONDS = 60;

    private final String registry;
    private final Map<String, RepositoryDefinition> byName = new ConcurrentHashMap<>();
    private final List<Consumer<Collection<RepositoryDefinition>>> listeners = new CopyOnWriteArrayList<>();
    private SharedIndexInformer<Repository> informer;

    KubernetesRepositoryCatalog(String registry) {
        this.registry = registry;
    }

    /** Starts watching and waits (bounded) for the first full list, so the runtime starts with its repositories. */
    public static KubernetesRepositoryCatalog start(KubernetesClient client, GranaryConfig.Catalog.Kubernetes config) {
        String namespace = config.namespace().orElseGet(client::getNamespace);
        KubernetesRepositoryCatalog catalog = new KubernetesRepositoryCatalog(config.registry());
        catalog.informer = client.resources(Repository.class).inNamespace(namespace).runnableInformer(0);
        catalog.informer.addEventHandler(catalog.handler());
        try {
            catalog.informer.start().toCompletableFuture().get(SYNC_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot list Repositories in namespace " + namespace + ": " + e.getMessage(), e);
        }
        LOG.infof("Serving Repositories of Registry %s in namespace %s: %s", config.registry(), namespace, catalog.byName.values());
        return catalog;
    }

    /** Whether the Repository names this catalog's Registry ({@code default} when it names none). */
    boolean selects(Repository repository) {
        String wanted = repository.getSpec() == null ? null : repository.getSpec().getRegistry();
        return registry.equals(wanted == null || wanted.isBlank() ? "default" : wanted);
    }

    ResourceEventHandler<Repository> handler() {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(Repository repository) {
                put(repository);
            }

            @Override
            public void onUpdate(Repository old, Repository repository) {
                if (!old.getMetadata().getName().equals(repository.getMetadata().getName())) {
                    remove(old.getMetadata().getName());
                }
                put(repository);
            }

            @Override
            public void onDelete(Repository repository, boolean finalStateUnknown) {
                remove(repository.getMetadata().getName());
            }
        };
    }

    void put(Repository repository) {
        String name = repository.getMetadata().getName();
        if (!selects(repository) || repository.getMetadata().getDeletionTimestamp() != null) {
            remove(name);
            return;
        }
        RepositoryDefinition next;
        try {
            next = RepositoryDefinition.of(repository);
        } catch (IllegalArgumentException e) {
            LOG.errorf("Not serving %s: %s", name, e.getMessage());
            remove(name);
            return;
        }
        RepositoryDefinition previous = byName.put(name, next);
        // Status updates by the operator change the resource but not its generation, which moves only with the spec.
        if (previous == null || !java.util.Objects.equals(previous.resource().getMetadata().getGeneration(),
                next.resource().getMetadata().getGeneration())) {
            publish();
        }
    }

    void remove(String name) {
        if (byName.remove(name) != null) {
            publish();
        }
    }

    private void publish() {
        Collection<RepositoryDefinition> all = List.copyOf(byName.values());
        listeners.forEach(l -> l.accept(all));
    }

    @Override
    public Optional<RepositoryDefinition> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    @Override
    public Collection<RepositoryDefinition> all() {
        return List.copyOf(byName.values());
    }

    @Override
    public void onChange(Consumer<Collection<RepositoryDefinition>> listener) {
        listeners.add(listener);
    }

    @Override
    public void close() {
        if (informer != null) {
            informer.close();
        }
    }
}
