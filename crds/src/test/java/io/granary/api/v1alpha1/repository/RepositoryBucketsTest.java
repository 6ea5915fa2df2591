package io.granary.api.v1alpha1.repository;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import org.junit.jupiter.api.Test;

class RepositoryBucketsTest {

    @Test
    void templateNamesTheBucketPerNamespaceAndRepository() {
        assertThat(RepositoryBuckets.bucketOf(repository("team-a", "libs", null), "reg-{namespace}-{repository}"))
                .isEqualTo("reg-team-a-libs");
        assertThat(RepositoryBuckets.bucketOf(repository("team-a", "libs", null), null)).isEqualTo("granary-team-a-libs");
    }

    @Test
    void declaredBucketWinsOverTheTemplate() {
        assertThat(RepositoryBuckets.bucketOf(repository("team-a", "libs", "legacy-libs"), "reg-{namespace}-{repository}"))
                .isEqualTo("legacy-libs");
    }

    @Test
    void repositoryOutsideAClusterUsesTheDefaultNamespace() {
        assertThat(RepositoryBuckets.bucketOf(repository(null, "libs", null), null)).isEqualTo("granary-default-libs");
    }

    private static Repository repository(String namespace, String name, String bucket) {
        Repository repository = new Repository();
        repository.setMetadata(new ObjectMetaBuilder().withNamespace(namespace).withName(name).build());
        RepositorySpec spec = new RepositorySpec();
        if (bucket != null) {
            StorageSpec storage = new StorageSpec();
            storage.setBucket(bucket);
            spec.setStorage(storage);
        }
        repository.setSpec(spec);
        return repository;
    }
}
