package io.granary.registry.catalog;

import io.granary.registry.config.GranaryConfig;
import io.quarkus.runtime.Startup;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.nio.file.Path;

/** Provides the standalone directory catalog and keeps it in step with its files. */
@ApplicationScoped
public class CatalogProducer {

    @Produces
    @ApplicationScoped
    @Startup
    RepositoryCatalog directoryCatalog(GranaryConfig config, Vertx vertx) {
        DirectoryRepositoryCatalog catalog = new DirectoryRepositoryCatalog(Path.of(config.catalog().directory()));
        catalog.rescan();
        // Rescans read files, so they run on a worker; polling is simple and works on every filesystem.
        vertx.setPeriodic(config.catalog().rescanInterval().toMillis(),
                id -> vertx.executeBlocking(() -> catalog.rescan(), false));
        return catalog;
    }
}
