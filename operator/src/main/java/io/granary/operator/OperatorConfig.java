package io.granary.operator;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/** Settings of the operator process under {@code granary.operator.*}. */
@ConfigMapping(prefix = "granary.operator")
public interface OperatorConfig {

    /** Namespaces to watch (comma-separated); all namespaces when absent. */
    Optional<Set<String>> namespaces();

    /** Registry runtime image for Registries that name none. */
    @WithDefault(io.granary.operator.common.OperatorDefaults.BUILT_IN_RUNTIME_IMAGE)
    String runtimeImage();

    /** How often Repository SLO conditions and usage are refreshed. */
    @WithDefault("30s")
    Duration sliInterval();

    /** Whether replicas elect a leader through a Lease (needed for more than one replica). */
    @WithDefault("true")
    boolean leaderElection();

    /**
     * Base URL at which the operator reaches every Registry's HTTP port, instead of its Service's DNS name: for an
     * operator running outside the cluster (development, a port-forward, the benchmark). Absent in a cluster.
     */
    Optional<String> registryEndpoint();

    /** Namespace of the Lease; the operator's own namespace (POD_NAMESPACE) when absent. */
    Optional<String> leaseNamespace();
}
