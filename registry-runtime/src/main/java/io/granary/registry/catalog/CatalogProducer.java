package io.granary.registry.catalog;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.granary.registry.catalog.kubernetes.KubernetesRepositoryCatalog;
import io.granary.registry.config.GranaryConfig;
import io.quarkus.runtime.Startup;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import java.nio.file.Path;

/** Provides the catalog: the standalone directory (kept in step with its files) or a Registry's Repository resources. */
@ApplicationScoped
public class CatalogProducer {

    @Produces
    @ApplicationScoped
    @Startup
    RepositoryCatalog catalog(GranaryConfig config, Vertx vertx, Instance<KubernetesClient> kubernetes) {
        if ("kubernetes".equals(config.catalog().source())) {
            return KubernetesRepositoryCatalog.start(kubernetes.get(), config.catalog().kubernetes());
        }
        DirectoryRepositoryCatalog catalog = new DirectoryRepositoryCatalog(Path.of(config.catalog().directory()));
        catalog.rescan();
        // Rescans read files, so they run on a worker; polling is simple and works on every filesystem.
        vertx.setPeriodic(config.catalog().rescanInterval().toMillis(),
                id -> vertx.executeBlocking(() -> catalog.rescan(), false));
        return catalog;
    }
}
