package io.granary.operator.registry;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.granary.api.v1alpha1.registry.Registry;
import io.granary.api.v1alpha1.registry.S3StorageSpec;
import io.granary.api.v1alpha1.repository.RepositoryBuckets;
import io.granary.operator.OperatorSettings;
import io.granary.operator.common.Labels;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import java.util.Map;
import java.util.TreeMap;

/** The runtime's non-secret settings as environment variables (the pods take them with envFrom). */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR))
public class RegistryConfigMapDependentResource extends CRUDKubernetesDependentResource<ConfigMap, Registry> {

    /** Mount point of the filesystem volume in each pod. */
    public static final String DATA_DIR = "/var/lib/granary";

    public RegistryConfigMapDependentResource() {
        super(ConfigMap.class);
    }

    @Override
    protected ConfigMap desired(Registry registry, Context<Registry> context) {
        return new ConfigMapBuilder()
                .withNewMetadata()
                .withName(RegistryNames.configMap(registry))
                .withNamespace(registry.getMetadata().getNamespace())
                .withLabels(Labels.forRegistry(registry.getMetadata().getName(), "registry"))
                .endMetadata()
                .withData(data(registry))
                .build();
    }

    /** The settings, sorted so their hash (the pods' config-hash annotation) is stable. */
    public static Map<String, String> data(Registry registry) {
        Map<String, String> env = new TreeMap<>();
        env.put("QUARKUS_HTTP_PORT", Integer.toString(OperatorSettings.HTTP_PORT));
        env.put("GRANARY_CATALOG_SOURCE", "kubernetes");
        env.put("GRANARY_CATALOG_KUBERNETES_NAMESPACE", registry.getMetadata().getNamespace());
        env.put("GRANARY_CATALOG_KUBERNETES_REGISTRY", registry.getMetadata().getName());
        env.put("GRANARY_DATA_DIR", DATA_DIR);
        S3StorageSpec s3 = registry.getSpec().getStorage().getS3();
        if (s3 != null) {
            env.put("GRANARY_STORAGE_KIND", "s3");
            if (s3.getEndpoint() != null) {
                env.put("GRANARY_STORAGE_S3_ENDPOINT", s3.getEndpoint());
            }
            env.put("GRANARY_STORAGE_S3_REGION", s3.getRegion() == null ? "us-east-1" : s3.getRegion());
            env.put("GRANARY_STORAGE_S3_BUCKET", sharedBucket(registry));
            // Each repository's blobs go to its own bucket, named by the same rule the Repository reconciler creates it with.
            env.put("GRANARY_STORAGE_S3_BUCKET_TEMPLATE", s3.getBucketTemplate());
            env.put("GRANARY_STORAGE_S3_PATH_STYLE", Boolean.toString(Boolean.TRUE.equals(s3.getPathStyle())));
            env.put("GRANARY_STORAGE_S3_CHECKSUM_MODE", s3.getChecksumMode() == null ? "WHEN_REQUIRED"
                    : s3.getChecksumMode().name());
        } else {
            env.put("GRANARY_STORAGE_KIND", "filesystem");
            env.put("GRANARY_STORAGE_FILESYSTEM_ROOT", DATA_DIR + "/blobs");
        }
        return env;
    }

    /**
     * The Registry's own bucket: it holds nothing of any repository (each has its own bucket) and serves the runtime's
     * readiness probe of the store. Named from the same template so it obeys the same naming rules.
     */
    public static String sharedBucket(Registry registry) {
        S3StorageSpec s3 = registry.getSpec().getStorage().getS3();
        return RepositoryBuckets.fromTemplate(s3.getBucketTemplate(), registry.getMetadata().getNamespace(),
                registry.getMetadata().getName() + "-blobs");
    }
}
