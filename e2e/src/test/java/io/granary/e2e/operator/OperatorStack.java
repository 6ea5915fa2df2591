package io.granary.e2e.operator;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.granary.e2e.support.TestPostgres;
import io.granary.operator.GranaryOperator;
import io.granary.operator.OperatorSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * What an operator e2e test stands on: a real API server with Granary's CRDs and one namespace, PostgreSQL, the node
 * stand-in that runs Deployments as local runtime processes, and the operator in this JVM polling SLIs every 2s.
 */
final class OperatorStack implements AutoCloseable {

    private ControlPlane plane;
    private KubernetesClient client;
    private TestPostgres postgres;
    private NodeStandIn node;
    private GranaryOperator operator;

    private OperatorStack() {
    }

    static OperatorStack start(Path dir, String namespace) throws Exception {
        return start(dir, namespace, Map.of());
    }

    /** As {@link #start(Path, String)}, with {@code podEnv} added to every runtime process the node runs. */
    static OperatorStack start(Path dir, String namespace, Map<String, String> podEnv) throws Exception {
        await().atMost(Duration.ofSeconds(1)); // touch Awaitility before ignoring exceptions globally
        org.awaitility.Awaitility.ignoreExceptionsByDefault();
        OperatorStack stack = new OperatorStack();
        try {
            stack.plane = ControlPlane.start();
            stack.client = stack.plane.client();
            ControlPlane.namespace(stack.client, namespace);
            stack.postgres = TestPostgres.start();
            NodeStandIn node = new NodeStandIn(stack.client, dir, stack.plane.writeKubeconfig(dir));
            podEnv.forEach(node::withEnv);
            stack.node = node;
            stack.operator = OperatorStart.started(() -> new GranaryOperator(stack.client, new OperatorSettings(Set.of(namespace),
                    "granary/registry-runtime:e2e", r -> node.url(r.getMetadata().getName()), Duration.ofSeconds(2), null)));
            return stack;
        } catch (Exception | Error e) {
            stack.close();
            throw e;
        }
    }

    KubernetesClient client() {
        return client;
    }

    TestPostgres postgres() {
        return postgres;
    }

    NodeStandIn node() {
        return node;
    }

    @Override
    public void close() {
        if (operator != null) {
            operator.close();
        }
        if (node != null) {
            node.close();
        }
        if (postgres != null) {
            postgres.close();
        }
        if (client != null) {
            client.close();
        }
        if (plane != null) {
            plane.close();
        }
    }
}
