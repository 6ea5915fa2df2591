package io.granary.registry.admin;

import io.granary.registry.auth.Action;
import io.granary.registry.catalog.RepositoryCatalog;
import io.granary.registry.catalog.RepositoryDefinition;
import io.granary.registry.core.HostedAssets;
import io.granary.registry.metadata.StoredAsset;
import io.granary.registry.storage.ChecksumAlgorithm;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/**
 * Every stored file of a repository with its checksums, a page at a time in path order. Formats whose own API
 * cannot enumerate a repository (Maven has no listing, npm no package list) are replicated from this; it is a
 * READ on the repository, like downloading the files it names.
 */
@Path("/api/v1/repositories/{name}/assets")
@Produces(MediaType.APPLICATION_JSON)
public class AssetListResource {

    static final int DEFAULT_PAGE = 1000;
    static final int MAX_PAGE = 10_000;

    /** One stored file; {@code sha1}/{@code md5} are null when the format does not compute them. */
    public record AssetView(String path, long size, String sha256, String sha1, String md5, String modified) {
        static AssetView of(StoredAsset a) {
            return new AssetView(a.path(), a.size(), a.sha256(), a.checksums().get(ChecksumAlgorithm.SHA1),
                    a.checksums().get(ChecksumAlgorithm.MD5), a.updatedAt() == null ? null : a.updatedAt().toString());
        }
    }

    /** A page; {@code next} is the {@code after} value of the following page, null on the last one. */
    public record AssetPage(List<AssetView> assets, String next) {
    }

    private final AdminAccess access;
    private final RepositoryCatalog catalog;
    private final HostedAssets assets;

    AssetListResource(AdminAccess access, RepositoryCatalog catalog, HostedAssets assets) {
        this.access = access;
        this.catalog = catalog;
        this.assets = assets;
    }

    @GET
    public Uni<AssetPage> list(@PathParam("name") String name, @QueryParam("after") String after, @QueryParam("limit") Integer limit,
                               RoutingContext ctx) {
        RepositoryDefinition repository = catalog.find(name)
                .orElseThrow(() -> new ApiException(404, "REPOSITORY_UNKNOWN", "no repository " + name));
        int page = limit == null ? DEFAULT_PAGE : limit;
        if (page < 1 || page > MAX_PAGE) {
            throw new ApiException(400, "INVALID", "limit must be between 1 and " + MAX_PAGE);
        }
        return access.require(ctx, repository, Action.READ, "list-assets")
                .chain(p -> assets.listAfter(repository, after == null ? "" : after, page))
                .map(found -> new AssetPage(found.stream().map(AssetView::of).toList(),
                        found.size() < page ? null : found.get(found.size() - 1).path()));
    }
}
