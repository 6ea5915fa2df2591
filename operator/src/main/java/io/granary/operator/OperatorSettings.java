package io.granary.operator;

import io.granary.api.v1alpha1.registry.Registry;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * What the operator needs beside the Kubernetes client: where it watches, which runtime image it deploys, how it
 * reaches a Registry's Service and how often it re-reads SLIs.
 *
 * @param namespaces namespaces to watch; empty means all namespaces
 * @param defaultImage runtime image for Registries that name none
 * @param endpoints how the operator reaches a Registry's HTTP port (in a cluster: its Service DNS name)
 * @param sliInterval how often Repository SLO conditions are refreshed
 * @param leaderElectionNamespace namespace of the leader-election Lease; null turns leader election off
 * @param exitOnLostLease whether the process exits when it loses the Lease (in a pod: yes, the restart makes it a
 *                        standby; in tests that run several operators in one JVM: no)
 */
public record OperatorSettings(Set<String> namespaces, String defaultImage, Function<Registry, String> endpoints,
                               Duration sliInterval, String leaderElectionNamespace, boolean exitOnLostLease) {

    /** Settings of an operator that exits when it loses the Lease. */
    public OperatorSettings(Set<String> namespaces, String defaultImage, Function<Registry, String> endpoints,
                            Duration sliInterval, String leaderElectionNamespace) {
        this(namespaces, defaultImage, endpoints, sliInterval, leaderElectionNamespace, true);
    }

    /** Port the runtime listens on in every pod and that the Service exposes. */
    public static final int HTTP_PORT = 8080;

    public OperatorSettings {
        Objects.requireNonNull(defaultImage, "defaultImage");
        namespaces = namespaces == null ? Set.of() : Set.copyOf(namespaces);
        endpoints = endpoints == null ? OperatorSettings::serviceUrl : endpoints;
        sliInterval = sliInterval == null ? Duration.ofSeconds(30) : sliInterval;
    }

    /** The in-cluster URL of a Registry: its Service's DNS name and port. */
    public static String serviceUrl(Registry registry) {
        return "http://" + registry.getMetadata().getName() + "." + registry.getMetadata().getNamespace() + ".svc:" + HTTP_PORT;
    }
}
