package io.granary.operator;

import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import java.util.List;

/**
 * Every permission the reconcilers use, in one place: the install manifests' ClusterRole and the OLM bundle are
 * generated from it, and a test checks that each dependent resource type of each reconciler is covered.
 * Least privilege: claims only read and created (artifacts are never deleted through Kubernetes), CRDs only read, and
 * only the ServiceMonitor CRD by name.
 */
public final class OperatorPermissions {

    private static final List<String> READ = List.of("get", "list", "watch");
    private static final List<String> MANAGE = List.of("get", "list", "watch", "create", "update", "patch", "delete");

    private OperatorPermissions() {
    }

    /** Cluster-wide rules (the operator watches all namespaces by default). */
    public static List<PolicyRule> clusterRules() {
        return List.of(
                rule("granary.io", List.of("registries", "repositories", "retentionpolicies", "replications", "promotionrules"),
                        List.of("get", "list", "watch", "update", "patch")),
                rule("granary.io", List.of("registries/status", "repositories/status", "retentionpolicies/status",
                        "replications/status", "promotionrules/status"), List.of("get", "update", "patch")),
                rule("granary.io", List.of("repositories/finalizers"), List.of("update")),
                rule("apps", List.of("deployments"), MANAGE),
                rule("", List.of("services", "configmaps", "secrets", "serviceaccounts"), MANAGE),
                rule("", List.of("persistentvolumeclaims"), List.of("get", "create")),
                rule("policy", List.of("poddisruptionbudgets"), MANAGE),
                // Replications run as Jobs/CronJobs; their results come back as the finished pods' termination messages.
                rule("batch", List.of("jobs", "cronjobs"), MANAGE),
                rule("", List.of("pods"), READ),
                // To grant the runtime's ServiceAccount read access to Repositories, the operator must hold it itself.
                rule("rbac.authorization.k8s.io", List.of("roles", "rolebindings"), MANAGE),
                new PolicyRuleBuilder().withApiGroups("apiextensions.k8s.io").withResources("customresourcedefinitions")
                        .withResourceNames("servicemonitors.monitoring.coreos.com").withVerbs("get").build(),
                rule("monitoring.coreos.com", List.of("servicemonitors"), List.of("get", "create", "update", "patch")),
                rule("", List.of("events"), List.of("create", "patch")));
    }

    /** Rules in the operator's own namespace: the leader-election Lease. */
    public static List<PolicyRule> leaderElectionRules() {
        return List.of(rule("coordination.k8s.io", List.of("leases"), List.of("get", "list", "watch", "create", "update", "patch")));
    }

    /** Whether the cluster rules allow {@code verb} on {@code group}/{@code resource}. */
    public static boolean allows(String group, String resource, String verb) {
        return clusterRules().stream().anyMatch(r -> r.getApiGroups().contains(group) && r.getResources().contains(resource)
                && r.getVerbs().contains(verb) && (r.getResourceNames() == null || r.getResourceNames().isEmpty()));
    }

    private static PolicyRule rule(String group, List<String> resources, List<String> verbs) {
        return new PolicyRuleBuilder().withApiGroups(group).withResources(resources).withVerbs(verbs).build();
    }
}
