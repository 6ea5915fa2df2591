package io.granary.operator.registry;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.granary.api.v1alpha1.common.SecretKeyReference;
import io.granary.api.v1alpha1.registry.FilesystemStorageSpec;
import io.granary.api.v1alpha1.registry.Registry;
import io.granary.api.v1alpha1.registry.S3StorageSpec;
import io.granary.operator.OperatorSettings;
import io.granary.operator.common.Labels;
import io.granary.operator.common.OperatorDefaults;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The registry-runtime pods: image, settings from the ConfigMap, secrets by reference, probes, volume. */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR))
public class RegistryDeploymentDependentResource extends CRUDKubernetesDependentResource<Deployment, Registry> {

    /** Pod annotation whose change rolls the pods when the configuration changes. */
    public static final String CONFIG_HASH = "granary.io/config-hash";
    /** Name of the runtime container. */
    public static final String CONTAINER = "registry";

    public RegistryDeploymentDependentResource() {
        super(Deployment.class);
    }

    @Override
    protected Deployment desired(Registry registry, Context<Registry> context) {
        return desired(registry);
    }

    /** The Deployment as a pure function of the Registry. */
    public static Deployment desired(Registry registry) {
        String name = RegistryNames.workload(registry);
        Map<String, String> podLabels = new LinkedHashMap<>(Labels.forRegistry(name, "registry"));
        var container = new ContainerBuilder()
                .withName(CONTAINER)
                .withImage(image(registry))
                .addNewPort().withName("http").withContainerPort(OperatorSettings.HTTP_PORT).withProtocol("TCP").endPort()
                .addNewEnvFrom().withNewConfigMapRef().withName(RegistryNames.configMap(registry)).endConfigMapRef().endEnvFrom()
                .withEnv(env(registry))
                .withReadinessProbe(probe("/q/health/ready", 5))
                .withLivenessProbe(probe("/q/health/live", 20))
                .withResources(registry.getSpec().getResources());
        var builder = new DeploymentBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(registry.getMetadata().getNamespace())
                .withLabels(Labels.forRegistry(name, "registry"))
                .endMetadata()
                .withNewSpec()
                .withReplicas(registry.getSpec().getReplicas())
                .withNewSelector().withMatchLabels(Labels.podSelector(name)).endSelector()
                .withNewStrategy().withType("RollingUpdate")
                .withNewRollingUpdate().withMaxUnavailable(new IntOrString(0)).withMaxSurge(new IntOrString(1)).endRollingUpdate()
                .endStrategy()
                .withNewTemplate()
                .withNewMetadata().withLabels(podLabels).addToAnnotations(CONFIG_HASH, configHash(registry)).endMetadata()
                .withNewSpec()
                .withServiceAccountName(RegistryNames.serviceAccount(registry))
                .withNewSecurityContext().withRunAsNonRoot(true).endSecurityContext()
                .endSpec()
                .endTemplate()
                .endSpec();
        FilesystemStorageSpec fs = registry.getSpec().getStorage().getFilesystem();
        if (fs != null) {
            String claim = fs.getPvcName() != null ? fs.getPvcName() : RegistryNames.dataClaim(registry);
            container.addNewVolumeMount().withName("data").withMountPath(RegistryConfigMapDependentResource.DATA_DIR).endVolumeMount();
            builder.editSpec().editTemplate().editSpec()
                    .addNewVolume().withName("data").withNewPersistentVolumeClaim().withClaimName(claim).endPersistentVolumeClaim().endVolume()
                    .endSpec().endTemplate().endSpec();
        }
        return builder.editSpec().editTemplate().editSpec().withContainers(container.build()).endSpec().endTemplate().endSpec().build();
    }

    /** The image to run. */
    public static String image(Registry registry) {
        String image = registry.getSpec().getImage();
        return image == null || image.isBlank() ? OperatorDefaults.runtimeImage() : image;
    }

    /** Secret values, always by reference: the operator never copies a credential into the pod spec. */
    static List<EnvVar> env(Registry registry) {
        List<EnvVar> env = new ArrayList<>();
        env.add(secretEnv("GRANARY_DATABASE_URL", RegistryNames.databaseUrl(registry)));
        env.add(secretEnv("GRANARY_AUTH_ADMIN_TOKEN", RegistryNames.adminToken(registry)));
        S3StorageSpec s3 = registry.getSpec().getStorage().getS3();
        if (s3 != null && s3.getCredentialsSecretRef() != null) {
            String secret = s3.getCredentialsSecretRef().getName();
            env.add(secretEnv("GRANARY_STORAGE_S3_ACCESS_KEY", new SecretKeyReference(secret, "accessKeyId")));
            env.add(secretEnv("GRANARY_STORAGE_S3_SECRET_KEY", new SecretKeyReference(secret, "secretAccessKey")));
        }
        return env;
    }

    private static EnvVar secretEnv(String name, SecretKeyReference ref) {
        return new EnvVarBuilder().withName(name)
                .withNewValueFrom().withNewSecretKeyRef().withName(ref.getName()).withKey(ref.getKey()).endSecretKeyRef().endValueFrom()
                .build();
    }

    private static Probe probe(String path, int periodSeconds) {
        return new ProbeBuilder().withNewHttpGet().withPath(path).withPort(new IntOrString("http")).endHttpGet()
                .withPeriodSeconds(periodSeconds).withFailureThreshold(3).build();
    }

    /**
     * Hash of everything in the pod's configuration that lives outside the pod template (the ConfigMap's data and
     * the Secret references), so a change rolls the pods.
     */
    public static String configHash(Registry registry) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            RegistryConfigMapDependentResource.data(registry).forEach((k, v) -> {
                digest.update(k.getBytes(StandardCharsets.UTF_8));
                digest.update((byte) '=');
                digest.update(v.getBytes(StandardCharsets.UTF_8));
                digest.update((byte) '\n');
            });
            env(registry).forEach(e -> digest.update((e.getName() + "<-" + e.getValueFrom().getSecretKeyRef().getName() + "/"
                    + e.getValueFrom().getSecretKeyRef().getKey() + "\n").getBytes(StandardCharsets.UTF_8)));
            return HexFormat.of().formatHex(digest.digest()).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
