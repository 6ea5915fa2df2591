package io.granary.registry.core;

import io.granary.registry.catalog.RepositoryDefinition;
import io.granary.registry.metadata.AssetWrite;
import io.granary.registry.metadata.PackageMetadataStore;
import io.granary.registry.metadata.PackageMetadataStore.PublishOutcome;
import io.granary.registry.metadata.PackagePublish;
import io.granary.registry.metadata.PackageRevision;
import io.granary.registry.metadata.RepositoryIds;
import io.granary.registry.metadata.StoredPackage;
import io.granary.registry.storage.CommittedBlob;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Versioned packages of a hosted repository (npm packages; the same model fits PyPI projects and
 * Helm charts): a version, its manifest and its file appear together or not at all. Files are
 * committed to the blob store by the caller before {@link #publish}, so metadata never points at
 * missing bytes; versions are immutable once published.
 */
@ApplicationScoped
public class HostedPackages {

    private final RepositoryIds repositoryIds;
    private final PackageMetadataStore store;
    private final HostedAssets assets;

    HostedPackages(RepositoryIds repositoryIds, PackageMetadataStore store, HostedAssets assets) {
        this.repositoryIds = repositoryIds;
        this.store = store;
        this.assets = assets;
    }

    /** The package with at least one version, or null. */
    public Uni<StoredPackage> find(RepositoryDefinition repository, String namespace, String name) {
        return idOf(repository).chain(id -> store.find(id, namespace, name))
                .map(found -> found == null || found.versions().isEmpty() ? null : found);
    }

    /** A new version whose file {@code blob} is stored at {@code path}; tags are pointed at it too. */
    public Uni<PublishOutcome> publish(RepositoryDefinition repository, String namespace, String name, String version,
                                       String manifest, String path, CommittedBlob blob, String contentType,
                                       String actor, Map<String, String> tags) {
        return idOf(repository).chain(id -> store.publish(new PackagePublish(id, namespace, name, version, manifest,
                        new AssetWrite(id, path, blob, contentType, actor, true, repository.quotaBytes()), tags))
                .call(() -> assets.forget(repository, List.of(path))));
    }

    /**
     * Replaces manifests, removes versions (with their files) and moves tags in one step. Returns the
     * removed files' paths, or null when the package does not exist.
     */
    public Uni<List<String>> revise(RepositoryDefinition repository, String namespace, String name,
                                    Map<String, String> manifests, Set<String> removedVersions,
                                    Map<String, String> tags, Set<String> removedTags) {
        return idOf(repository).chain(id -> store.revise(new PackageRevision(id, namespace, name, manifests,
                        removedVersions, tags, removedTags)))
                .call(removed -> removed == null ? Uni.createFrom().voidItem() : assets.forget(repository, removed));
    }

    /** Removes the whole package; returns the removed files' paths, or null when it did not exist. */
    public Uni<List<String>> remove(RepositoryDefinition repository, String namespace, String name) {
        return idOf(repository).chain(id -> store.remove(id, namespace, name))
                .call(removed -> removed == null ? Uni.createFrom().voidItem() : assets.forget(repository, removed));
    }

    /** Points a tag at an existing version; false when that version does not exist. */
    public Uni<Boolean> setTag(RepositoryDefinition repository, String namespace, String name, String tag,
                               String version) {
        return idOf(repository).chain(id -> store.setTag(id, namespace, name, tag, version));
    }

    /** Removes a tag; false when it did not exist. */
    public Uni<Boolean> removeTag(RepositoryDefinition repository, String namespace, String name, String tag) {
        return idOf(repository).chain(id -> store.removeTag(id, namespace, name, tag));
    }

    private Uni<Long> idOf(RepositoryDefinition repository) {
        return repositoryIds.idOf(repository.name(), repository.format().wireName());
    }
}
