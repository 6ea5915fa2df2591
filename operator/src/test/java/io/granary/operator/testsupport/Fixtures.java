package io.granary.operator.testsupport;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.granary.api.v1alpha1.common.SecretKeyReference;
import io.granary.api.v1alpha1.common.SecretReference;
import io.granary.api.v1alpha1.registry.DatabaseSpec;
import io.granary.api.v1alpha1.registry.FilesystemStorageSpec;
import io.granary.api.v1alpha1.registry.Registry;
import io.granary.api.v1alpha1.registry.RegistrySpec;
import io.granary.api.v1alpha1.registry.RegistryStorageSpec;
import io.granary.api.v1alpha1.registry.S3StorageSpec;
import io.granary.api.v1alpha1.repository.DeletionPolicy;
import io.granary.api.v1alpha1.repository.Repository;
import io.granary.api.v1alpha1.repository.RepositoryFormat;
import io.granary.api.v1alpha1.repository.RepositorySpec;
import io.granary.api.v1alpha1.repository.RepositoryType;
import io.granary.api.v1alpha1.repository.StorageSpec;
import java.util.Map;

/** Resources as a user would write them, built in Java. */
public final class Fixtures {

    private Fixtures() {
    }

    /** A Secret holding a PostgreSQL URL under key {@code url}. */
    public static Secret databaseSecret(String namespace, String name, String url) {
        return new SecretBuilder().withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
                .withStringData(Map.of("url", url)).build();
    }

    /** A Secret with S3 credentials under the documented keys. */
    public static Secret s3Secret(String namespace, String name, String accessKey, String secretKey) {
        return new SecretBuilder().withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
                .withStringData(Map.of("accessKeyId", accessKey, "secretAccessKey", secretKey)).build();
    }

    /** A Registry on a filesystem claim of the given size, database from Secret {@code db}/url. */
    public static Registry filesystemRegistry(String namespace, String name) {
        RegistryStorageSpec storage = new RegistryStorageSpec();
        FilesystemStorageSpec fs = new FilesystemStorageSpec();
        fs.setSize("1Gi");
        storage.setFilesystem(fs);
        return registry(namespace, name, storage);
    }

    /** A Registry on an S3 store with path-style addressing and credentials from Secret {@code s3}. */
    public static Registry s3Registry(String namespace, String name, String endpoint) {
        RegistryStorageSpec storage = new RegistryStorageSpec();
        S3StorageSpec s3 = new S3StorageSpec();
        s3.setEndpoint(endpoint);
        s3.setPathStyle(true);
        s3.setCredentialsSecretRef(new SecretReference("s3"));
        s3.setBucketTemplate("t-{namespace}-{repository}");
        storage.setS3(s3);
        return registry(namespace, name, storage);
    }

    private static Registry registry(String namespace, String name, RegistryStorageSpec storage) {
        Registry registry = new Registry();
        registry.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
        RegistrySpec spec = new RegistrySpec();
        DatabaseSpec db = new DatabaseSpec();
        db.setUrlSecretRef(new SecretKeyReference("db", "url"));
        spec.setDatabase(db);
        spec.setStorage(storage);
        registry.setSpec(spec);
        return registry;
    }

    /** A hosted Repository of the given format served by {@code registry}. */
    public static Repository repository(String namespace, String name, String registry, RepositoryFormat format, DeletionPolicy policy) {
        Repository repository = new Repository();
        repository.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
        RepositorySpec spec = new RepositorySpec();
        spec.setRegistry(registry);
        spec.setFormat(format);
        spec.setType(RepositoryType.HOSTED);
        if (policy != null) {
            StorageSpec storage = new StorageSpec();
            storage.setDeletionPolicy(policy);
            spec.setStorage(storage);
        }
        repository.setSpec(spec);
        return repository;
    }

    /**
     * Changes a resource as a person with kubectl edit would, retrying on a conflict with the operator's status
     * writes (bounded: 10 attempts).
     */
    public static <T extends io.fabric8.kubernetes.api.model.HasMetadata> void edit(KubernetesClient client, Class<T> type,
            String namespace, String name, java.util.function.UnaryOperator<T> change) {
        for (int attempt = 1; ; attempt++) {
            try {
                client.resources(type).inNamespace(namespace).withName(name).edit(change);
                return;
            } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
                if (e.getCode() != 409 || attempt >= 10) {
                    throw e;
                }
            }
        }
    }

    /** What a kubelet and the deployment controller would report: every replica updated, ready and available. */
    public static void markDeploymentReady(KubernetesClient client, String namespace, String name) {
        Deployment current = client.apps().deployments().inNamespace(namespace).withName(name).get();
        int replicas = current.getSpec().getReplicas() == null ? 1 : current.getSpec().getReplicas();
        current.setStatus(new DeploymentStatusBuilder().withObservedGeneration(current.getMetadata().getGeneration())
                .withReplicas(replicas).withUpdatedReplicas(replicas).withReadyReplicas(replicas).withAvailableReplicas(replicas)
                .build());
        client.apps().deployments().inNamespace(namespace).resource(current).updateStatus();
    }
}
