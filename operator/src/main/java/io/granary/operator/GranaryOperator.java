package io.granary.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.granary.operator.common.OperatorDefaults;
import io.granary.operator.lifecycle.PromotionRuleReconciler;
import io.granary.operator.lifecycle.ReplicationReconciler;
import io.granary.operator.lifecycle.RetentionPolicyReconciler;
import io.granary.operator.registry.RegistryReconciler;
import io.granary.operator.repository.RepositoryReconciler;
import io.granary.operator.repository.S3Buckets;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.ControllerConfigurationOverrider;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * The operator as a plain object: one JOSDK {@link Operator} with a reconciler per Granary kind. The Quarkus
 * start-up bean runs it in the product; tests run it directly against a real API server.
 */
public final class GranaryOperator implements AutoCloseable {

    /** Name of the leader-election Lease. */
    public static final String LEASE_NAME = "granary-operator-lock";

    private final Operator operator;
    private final S3Buckets buckets;

    public GranaryOperator(KubernetesClient client, OperatorSettings settings) {
        Clock clock = Clock.systemUTC();
        OperatorDefaults.runtimeImage(settings.defaultImage());
        this.buckets = new S3Buckets();
        this.operator = new Operator(o -> {
            o.withKubernetesClient(client);
            o.withCloseClientOnStop(false);
            o.withStopOnInformerErrorDuringStartup(true);
            if (settings.leaderElectionNamespace() != null) {
                String identity = System.getenv().getOrDefault("HOSTNAME", "granary-operator") + "-" + java.util.UUID.randomUUID();
                o.withLeaderElectionConfiguration(new LeaderElectionConfiguration(LEASE_NAME, settings.leaderElectionNamespace(),
                        Duration.ofSeconds(15), Duration.ofSeconds(10), Duration.ofSeconds(2), identity, null, settings.exitOnLostLease()));
            }
        });
        register(new RegistryReconciler(clock), settings);
        register(new RepositoryReconciler(clock, settings, buckets), settings);
        register(new RetentionPolicyReconciler(clock, settings.endpoints()), settings);
        register(new ReplicationReconciler(clock, settings), settings);
        register(new PromotionRuleReconciler(clock, settings), settings);
    }

    private <R extends io.fabric8.kubernetes.api.model.HasMetadata> void register(Reconciler<R> reconciler, OperatorSettings settings) {
        Consumer<ControllerConfigurationOverrider<R>> namespaces = o -> {
            if (settings.namespaces().isEmpty()) {
                o.watchingAllNamespaces();
            } else {
                o.settingNamespaces(settings.namespaces());
            }
        };
        operator.register(reconciler, namespaces::accept);
    }

    /** Starts the informers and the reconcilers (after winning the lease when leader election is on). */
    public GranaryOperator start() {
        operator.start();
        return this;
    }

    /** Stops reconciling; the Kubernetes client stays open (it belongs to the caller). */
    @Override
    public void close() {
        operator.stop();
        buckets.close();
    }

    /** The JOSDK operator, for health checks. */
    public Operator operator() {
        return operator;
    }
}
