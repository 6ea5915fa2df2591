package io.granary.registry.storage.routing;

import io.granary.api.v1alpha1.repository.RepositoryBuckets;
import io.granary.registry.catalog.RepositoryCatalog;
import io.granary.registry.catalog.RepositoryDefinition;
import io.granary.registry.storage.BlobStore;
import io.granary.registry.storage.s3.S3BlobStore;
import java.io.IOException;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * One S3 bucket per repository, named by the rule the operator creates it with ({@link RepositoryBuckets}): deleting
 * a Repository with {@code deletionPolicy: Delete} then empties exactly its bucket. All buckets share one S3 client.
 */
public final class BucketPerRepository implements RepositoryBlobStores {

    private static final Logger LOG = Logger.getLogger(BucketPerRepository.class);

    private final S3BlobStore registryStore;
    private final RepositoryCatalog catalog;
    private final String template;
    private final Map<String, S3BlobStore> byBucket = new ConcurrentHashMap<>();
    private final Set<String> ensured = ConcurrentHashMap.newKeySet();

    /**
     * @param registryStore the Registry's own bucket, whose client every repository bucket shares
     * @param template bucket name template with {@code {namespace}} and {@code {repository}}
     */
    public BucketPerRepository(S3BlobStore registryStore, RepositoryCatalog catalog, String template) {
        this.registryStore = registryStore;
        this.catalog = catalog;
        this.template = template;
    }

    /** The bucket of a declared repository. */
    public String bucketOf(String repository) {
        if (repository == null) {
            throw new IllegalStateException("the repository of a blob is unknown to this process");
        }
        RepositoryDefinition definition = catalog.find(repository)
                .orElseThrow(() -> new IllegalStateException("repository " + repository + " is not declared"));
        return RepositoryBuckets.bucketOf(definition.resource(), template);
    }

    @Override
    public BlobStore of(String repository) {
        return store(bucketOf(repository));
    }

    @Override
    public Collection<BlobStore> all() {
        Set<BlobStore> stores = new LinkedHashSet<>();
        catalog.all().forEach(d -> stores.add(store(RepositoryBuckets.bucketOf(d.resource(), template))));
        return stores;
    }

    @Override
    public boolean copy(String sha256, String sourceRepository, String targetRepository) throws IOException {
        S3BlobStore source = store(bucketOf(sourceRepository));
        S3BlobStore target = store(bucketOf(targetRepository));
        return source == target ? source.stat(sha256).isPresent() : target.copyFrom(source, sha256);
    }

    /**
     * Creates the buckets of repositories not seen before (in a cluster the operator normally has; standalone nobody
     * else does). A bucket that cannot be created is logged, and its repository's requests fail until it exists.
     */
    public void ensureBuckets(Collection<RepositoryDefinition> repositories) {
        for (RepositoryDefinition repository : repositories) {
            String bucket = RepositoryBuckets.bucketOf(repository.resource(), template);
            if (ensured.contains(bucket)) {
                continue;
            }
            try {
                store(bucket).ensureBucket();
                ensured.add(bucket);
            } catch (IOException | RuntimeException e) {
                LOG.errorf("Bucket %s of repository %s is not usable: %s", bucket, repository.name(), e.getMessage());
            }
        }
        // A bucket the operator deleted with its Repository is created anew if that name is declared again.
        Set<String> declared = new LinkedHashSet<>();
        repositories.forEach(r -> declared.add(RepositoryBuckets.bucketOf(r.resource(), template)));
        ensured.retainAll(declared);
        byBucket.keySet().retainAll(declared);
    }

    private S3BlobStore store(String bucket) {
        return byBucket.computeIfAbsent(bucket, registryStore::inBucket);
    }
}
