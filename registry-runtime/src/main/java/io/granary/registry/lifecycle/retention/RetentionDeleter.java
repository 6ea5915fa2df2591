package io.granary.registry.lifecycle.retention;

import io.granary.registry.catalog.RepositoryDefinition;
import io.granary.registry.core.HostedAssets;
import io.granary.registry.core.HostedPackages;
import io.granary.registry.core.OciImages;
import io.granary.registry.npm.NpmPackumentCache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Deletes selected items through the same core services the protocols use, so caches are dropped
 * and every format's metadata (rendered from the database) no longer lists them. Bytes stay until
 * garbage collection.
 */
@ApplicationScoped
class RetentionDeleter {

    /** Referrer chains followed at most when deleting a manifest (signature of a signature...). */
    private static final int MAX_REFERRER_DEPTH = 4;

    private final HostedAssets assets;
    private final HostedPackages packages;
    private final NpmPackumentCache packuments;
    private final OciImages images;
    private final RetentionQueries queries;

    RetentionDeleter(HostedAssets assets, HostedPackages packages, NpmPackumentCache packuments, OciImages images,
                     RetentionQueries queries) {
        this.assets = assets;
        this.packages = packages;
        this.packuments = packuments;
        this.images = images;
        this.queries = queries;
    }

    /** Deletes the item; completes when its metadata is gone. */
    Uni<Void> delete(RepositoryDefinition repository, long repositoryId, RetentionItem item) {
        return switch (repository.format()) {
            case NPM -> deleteNpmVersion(repository, item);
            case OCI -> item.kind() == RetentionItem.Kind.UNTAGGED_MANIFEST
                    ? deleteManifest(repository, repositoryId, item.targets().get(0), item.targets().get(1), 0)
                    : deleteTag(repository, repositoryId, item.targets().get(0), item.targets().get(1), item.targets().get(2));
            default -> deletePaths(repository, item.targets());
        };
    }

    private Uni<Void> deletePaths(RepositoryDefinition repository, List<String> paths) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (String path : paths) {
            chain = chain.call(() -> assets.delete(repository, path));
        }
        return chain;
    }

    private Uni<Void> deleteNpmVersion(RepositoryDefinition repository, RetentionItem item) {
        String full = item.artifact();
        int slash = full.startsWith("@") ? full.indexOf('/') : -1;
        String namespace = slash < 0 ? "" : full.substring(0, slash);
        String name = slash < 0 ? full : full.substring(slash + 1);
        return packages.revise(repository, namespace, name, Map.of(), Set.of(item.version()), Map.of(), Set.of())
                .invoke(() -> packuments.invalidate(repository.name(), full))
                .replaceWithVoid();
    }

    private Uni<Void> deleteTag(RepositoryDefinition repository, long repositoryId, String image, String tag, String sha256) {
        return images.deleteTag(repository, image, tag)
                .chain(() -> queries.manifestInUse(repositoryId, image, sha256))
                .chain(inUse -> inUse ? Uni.createFrom().voidItem() : deleteManifest(repository, repositoryId, image, sha256, 0));
    }

    /** Deletes the manifest after its referrers (signatures, SBOMs), which would otherwise dangle. */
    private Uni<Void> deleteManifest(RepositoryDefinition repository, long repositoryId, String image, String sha256, int depth) {
        if (depth > MAX_REFERRER_DEPTH) {
            return Uni.createFrom().voidItem();
        }
        return queries.referrers(repositoryId, image, sha256).chain(referrers -> {
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (String referrer : referrers) {
                chain = chain.call(() -> deleteManifest(repository, repositoryId, image, referrer, depth + 1));
            }
            return chain.call(() -> images.deleteManifest(repository, image, sha256)).replaceWithVoid();
        });
    }
}
