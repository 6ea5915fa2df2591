package io.granary.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/** Starts the operator with the Quarkus-managed Kubernetes client when the application starts. */
@ApplicationScoped
public class OperatorStartup {

    private static final Logger LOG = Logger.getLogger(OperatorStartup.class);

    private volatile GranaryOperator operator;

    void onStart(@Observes StartupEvent event, KubernetesClient client, OperatorConfig config) {
        String leaseNamespace = !config.leaderElection() ? null
                : config.leaseNamespace().orElseGet(() -> System.getenv().getOrDefault("POD_NAMESPACE", client.getNamespace()));
        java.util.function.Function<io.granary.api.v1alpha1.registry.Registry, String> endpoints =
                config.registryEndpoint().<java.util.function.Function<io.granary.api.v1alpha1.registry.Registry, String>>map(url -> r -> url)
                        .orElse(null);
        OperatorSettings settings = new OperatorSettings(config.namespaces().orElse(java.util.Set.of()), config.runtimeImage(),
                endpoints, config.sliInterval(), leaseNamespace);
        LOG.infof("Granary operator watching %s, lease in %s", settings.namespaces().isEmpty() ? "all namespaces" : settings.namespaces(),
                leaseNamespace == null ? "(leader election off)" : leaseNamespace);
        operator = new GranaryOperator(client, settings).start();
    }

    void onStop(@Observes ShutdownEvent event) {
        if (operator != null) {
            operator.close();
        }
    }

    /** The running operator, or null before start. */
    public GranaryOperator operator() {
        return operator;
    }
}
