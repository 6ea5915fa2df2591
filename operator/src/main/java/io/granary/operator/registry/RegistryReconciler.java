package io.granary.operator.registry;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.granary.api.v1alpha1.common.Condition;
import io.granary.api.v1alpha1.common.ConditionReasons;
import io.granary.api.v1alpha1.common.ConditionTypes;
import io.granary.api.v1alpha1.common.SecretKeyReference;
import io.granary.api.v1alpha1.registry.FilesystemStorageSpec;
import io.granary.api.v1alpha1.registry.Registry;
import io.granary.api.v1alpha1.registry.RegistryStatus;
import io.granary.api.v1alpha1.repository.Repository;
import io.granary.operator.OperatorSettings;
import io.granary.operator.common.Labels;
import io.granary.operator.common.StatusConditions;
import io.granary.operator.repository.RepositoryReconciler;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Workflow;
import io.javaoperatorsdk.operator.api.reconciler.dependent.Dependent;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Turns a Registry into its running service: the managed workflow applies ConfigMap, generated admin token,
 * ServiceAccount/Role/RoleBinding, Deployment, Service and PodDisruptionBudget (JOSDK re-creates any that is deleted);
 * this class adds the data claim and the ServiceMonitor, checks the referenced Secrets and writes status.
 */
@ControllerConfiguration(name = "registry")
@Workflow(dependents = {
        @Dependent(name = "config", type = RegistryConfigMapDependentResource.class),
        @Dependent(name = "admin-token", type = RegistryAdminTokenDependentResource.class,
                reconcilePrecondition = RegistryAdminTokenDependentResource.Generated.class),
        @Dependent(name = "service-account", type = RegistryServiceAccountDependentResource.class),
        @Dependent(name = "role", type = RegistryRoleDependentResource.class),
        @Dependent(name = "role-binding", type = RegistryRoleBindingDependentResource.class),
        @Dependent(name = "deployment", type = RegistryDeploymentDependentResource.class,
                dependsOn = {"config", "service-account"}),
        @Dependent(name = "service", type = RegistryServiceDependentResource.class),
        @Dependent(name = "pdb", type = RegistryPodDisruptionBudgetDependentResource.class)
})
public class RegistryReconciler implements Reconciler<Registry> {

    private static final Logger LOG = Logger.getLogger(RegistryReconciler.class);
    static final String SERVICE_MONITOR_CRD = "servicemonitors.monitoring.coreos.com";

    private final Clock clock;
    private final Map<String, Boolean> crdPresent = new ConcurrentHashMap<>();

    public RegistryReconciler(Clock clock) {
        this.clock = clock;
    }

    /** Repositories of the namespace, by the Registry they name: the runtime's Role follows their upstream Secrets. */
    @Override
    public List<EventSource<?, Registry>> prepareEventSources(EventSourceContext<Registry> context) {
        var repositories = new InformerEventSource<>(InformerEventSourceConfiguration.from(Repository.class, Registry.class)
                .withNamespacesInheritedFromController()
                .withSecondaryToPrimaryMapper((Repository r) -> Set.of(new ResourceID(
                        RepositoryReconciler.registryName(r), r.getMetadata().getNamespace())))
                .build(), context);
        return List.of(repositories);
    }

    @Override
    public UpdateControl<Registry> reconcile(Registry registry, Context<Registry> context) {
        KubernetesClient client = context.getClient();
        ensureDataClaim(client, registry);
        ensureServiceMonitor(client, registry);

        StatusConditions conditions = StatusConditions.from(registry, clock);
        List<String> missing = missingSecrets(client, registry);
        Deployment deployment = context.getSecondaryResource(Deployment.class).orElse(null);
        int desired = registry.getSpec().getReplicas();
        int replicas = deployment == null || deployment.getStatus() == null ? 0 : nz(deployment.getStatus().getReplicas());
        int ready = deployment == null || deployment.getStatus() == null ? 0 : nz(deployment.getStatus().getReadyReplicas());
        boolean available = desired == 0 || ready >= 1;
        boolean rolledOut = deployment != null && deployment.getStatus() != null
                && Objects.equals(deployment.getStatus().getObservedGeneration(), deployment.getMetadata().getGeneration())
                && nz(deployment.getStatus().getUpdatedReplicas()) >= desired;

        conditions.set(ConditionTypes.AVAILABLE, available ? Condition.TRUE : Condition.FALSE,
                available ? ConditionReasons.MINIMUM_REPLICAS_AVAILABLE : ConditionReasons.MINIMUM_REPLICAS_UNAVAILABLE,
                ready + " of " + desired + " replicas ready");
        // Pods turn ready only when their readiness check reaches the database and the blob store.
        String secretsMessage = missing.isEmpty() ? null : "missing Secret keys: " + String.join(", ", missing);
        if (!missing.isEmpty()) {
            conditions.set(ConditionTypes.DATABASE_READY, Condition.UNKNOWN, ConditionReasons.SECRET_NOT_FOUND, secretsMessage);
            conditions.set(ConditionTypes.STORAGE_READY, Condition.UNKNOWN, ConditionReasons.SECRET_NOT_FOUND, secretsMessage);
        } else {
            String probe = ready > 0 ? Condition.TRUE : Condition.UNKNOWN;
            conditions.set(ConditionTypes.DATABASE_READY, probe,
                    ready > 0 ? ConditionReasons.DATABASE_REACHABLE : ConditionReasons.DEPENDENCY_NOT_READY,
                    ready > 0 ? "ready pods passed their database readiness check" : "no ready pod has checked the database yet");
            conditions.set(ConditionTypes.STORAGE_READY, probe,
                    ready > 0 ? ConditionReasons.STORAGE_REACHABLE : ConditionReasons.DEPENDENCY_NOT_READY,
                    ready > 0 ? "ready pods passed their blob store readiness check" : "no ready pod has checked the blob store yet");
        }
        if (!missing.isEmpty()) {
            conditions.stalled(ConditionReasons.SECRET_NOT_FOUND, secretsMessage);
        } else if (available && rolledOut) {
            conditions.ready(ConditionReasons.MINIMUM_REPLICAS_AVAILABLE, ready + " of " + desired + " replicas ready at " + OperatorSettings.serviceUrl(registry));
        } else {
            conditions.progressing(ConditionReasons.MINIMUM_REPLICAS_UNAVAILABLE,
                    "waiting for the rollout: " + ready + " of " + desired + " replicas ready");
        }

        RegistryStatus next = new RegistryStatus();
        next.setObservedGeneration(registry.getMetadata().getGeneration());
        next.setEndpoint(OperatorSettings.serviceUrl(registry));
        if (registry.getSpec().getIngress() != null) {
            String scheme = registry.getSpec().getIngress().getTlsSecretName() != null ? "https" : "http";
            next.setUrl(scheme + "://" + registry.getSpec().getIngress().getHost());
        }
        next.setReplicas(replicas);
        next.setReadyReplicas(ready);
        next.setConditions(conditions.build());
        if (next.equals(registry.getStatus())) {
            return UpdateControl.noUpdate();
        }
        registry.setStatus(next);
        // A server-side apply of the status needs no optimistic lock; a stale resourceVersion would only cause a 409.
        registry.getMetadata().setResourceVersion(null);
        return UpdateControl.patchStatus(registry);
    }

    @Override
    public ErrorStatusUpdateControl<Registry> updateErrorStatus(Registry registry, Context<Registry> context, Exception e) {
        LOG.warnf("Registry %s: %s", Labels.ref(registry), e.getMessage());
        StatusConditions conditions = StatusConditions.from(registry, clock)
                .progressing(ConditionReasons.RECONCILE_ERROR, String.valueOf(e.getMessage()));
        RegistryStatus status = registry.getStatus() == null ? new RegistryStatus() : registry.getStatus();
        status.setConditions(conditions.build());
        registry.setStatus(status);
        return ErrorStatusUpdateControl.patchStatus(registry);
    }

    private static List<String> missingSecrets(KubernetesClient client, Registry registry) {
        List<SecretKeyReference> refs = new ArrayList<>();
        refs.add(RegistryNames.databaseUrl(registry));
        if (!RegistryNames.generatesAdminToken(registry)) {
            refs.add(RegistryNames.adminToken(registry));
        }
        var s3 = registry.getSpec().getStorage().getS3();
        if (s3 != null && s3.getCredentialsSecretRef() != null) {
            refs.add(new SecretKeyReference(s3.getCredentialsSecretRef().getName(), "accessKeyId"));
            refs.add(new SecretKeyReference(s3.getCredentialsSecretRef().getName(), "secretAccessKey"));
        }
        List<String> missing = new ArrayList<>();
        Map<String, Secret> seen = new java.util.HashMap<>();
        for (SecretKeyReference ref : refs) {
            Secret secret = seen.computeIfAbsent(ref.getName(), n ->
                    client.secrets().inNamespace(registry.getMetadata().getNamespace()).withName(n).get());
            boolean has = secret != null && ((secret.getData() != null && secret.getData().containsKey(ref.getKey()))
                    || (secret.getStringData() != null && secret.getStringData().containsKey(ref.getKey())));
            if (!has) {
                missing.add(ref.toString());
            }
        }
        return missing;
    }

    /**
     * Creates the claim for spec.storage.filesystem.size when absent. It carries no owner reference: deleting the
     * Registry must never delete stored artifacts (DESIGN: only an explicit deletion policy does).
     */
    private static void ensureDataClaim(KubernetesClient client, Registry registry) {
        FilesystemStorageSpec fs = registry.getSpec().getStorage().getFilesystem();
        if (fs == null || fs.getSize() == null) {
            return;
        }
        var claims = client.persistentVolumeClaims().inNamespace(registry.getMetadata().getNamespace());
        if (claims.withName(RegistryNames.dataClaim(registry)).get() != null) {
            return;
        }
        String access = registry.getSpec().getReplicas() > 1 ? "ReadWriteMany" : "ReadWriteOnce";
        claims.resource(new PersistentVolumeClaimBuilder()
                .withNewMetadata().withName(RegistryNames.dataClaim(registry))
                .withLabels(Labels.forRegistry(registry.getMetadata().getName(), "data")).endMetadata()
                .withNewSpec().withAccessModes(access).withStorageClassName(fs.getStorageClassName())
                .withNewResources().addToRequests("storage", new Quantity(fs.getSize())).endResources()
                .endSpec().build()).create();
    }

    /** Applies a ServiceMonitor when the Prometheus Operator's CRD is installed; skips silently otherwise. */
    private void ensureServiceMonitor(KubernetesClient client, Registry registry) {
        boolean present = crdPresent.computeIfAbsent(SERVICE_MONITOR_CRD, n -> {
            try {
                return client.apiextensions().v1().customResourceDefinitions().withName(n).get() != null;
            } catch (KubernetesClientException e) {
                return false;
            }
        });
        if (!present) {
            return;
        }
        String name = RegistryNames.workload(registry);
        GenericKubernetesResource monitor = new GenericKubernetesResourceBuilder()
                .withApiVersion("monitoring.coreos.com/v1").withKind("ServiceMonitor")
                .withNewMetadata().withName(name).withNamespace(registry.getMetadata().getNamespace())
                .withLabels(Labels.forRegistry(name, "registry"))
                .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion(registry.getApiVersion())
                        .withKind(registry.getKind()).withName(name).withUid(registry.getMetadata().getUid())
                        .withController(true).withBlockOwnerDeletion(true).build())
                .endMetadata()
                .addToAdditionalProperties("spec", Map.of(
                        "selector", Map.of("matchLabels", Labels.podSelector(name)),
                        "endpoints", List.of(Map.of("port", "http", "path", "/q/metrics", "interval", "30s"))))
                .build();
        client.resource(monitor).fieldManager("granary-operator").forceConflicts().serverSideApply();
    }

    private static int nz(Integer value) {
        return value == null ? 0 : value;
    }
}
