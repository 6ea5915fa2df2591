package io.granary.registry.admin;

import io.granary.registry.auth.Action;
import io.granary.registry.catalog.RepositoryCatalog;
import io.granary.registry.catalog.RepositoryDefinition;
import io.granary.api.v1alpha1.common.Durations;
import io.granary.api.v1alpha1.repository.RepositoryFormat;
import io.granary.registry.core.HostedAssets;
import io.granary.registry.core.OciImages;
import io.granary.registry.observability.RequestMetrics;
import io.granary.registry.observability.SliSnapshot;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;
import java.util.List;

/** Repositories as served: declarations, usage, and the SLI snapshot the operator reads. */
@Path("/api/v1/repositories")
@Produces(MediaType.APPLICATION_JSON)
public class RepositoryResource {

    /** A repository in a listing. */
    public record RepositoryView(String name, String format, String type, boolean anonymousRead, Long quotaBytes) {
        static RepositoryView of(RepositoryDefinition d) {
            return new RepositoryView(d.name(), d.format().wireName(),
                    d.type().name().toLowerCase(java.util.Locale.ROOT), d.anonymousRead(),
                    d.quotaBytes().isPresent() ? d.quotaBytes().getAsLong() : null);
        }
    }

    /** A repository with its usage. */
    public record RepositoryDetail(RepositoryView repository, long artifacts, long bytes) {
    }

    private final AdminAccess access;
    private final RepositoryCatalog catalog;
    private final HostedAssets assets;
    private final OciImages images;
    private final RequestMetrics metrics;

    RepositoryResource(AdminAccess access, RepositoryCatalog catalog, HostedAssets assets, OciImages images,
                       RequestMetrics metrics) {
        this.access = access;
        this.catalog = catalog;
        this.assets = assets;
        this.images = images;
        this.metrics = metrics;
    }

    @GET
    public Uni<List<RepositoryView>> list(RoutingContext ctx) {
        return access.requireGlobalAdmin(ctx, "list-repositories")
                .map(admin -> catalog.all().stream().map(RepositoryView::of).toList());
    }

    @GET
    @Path("/{name}")
    public Uni<RepositoryDetail> get(@PathParam("name") String name, RoutingContext ctx) {
        RepositoryDefinition repository = find(name);
        return access.require(ctx, repository, Action.READ, "read-repository")
                // OCI content is blobs and manifests of images, not assets: counted where it lives.
                .chain(p -> repository.format() == RepositoryFormat.OCI ? images.usage(repository) : assets.usage(repository))
                .map(usage -> new RepositoryDetail(RepositoryView.of(repository), usage.assets(), usage.bytes()));
    }

    @GET
    @Path("/{name}/sli")
    public Uni<SliSnapshot> sli(@PathParam("name") String name, @QueryParam("window") String window,
                                RoutingContext ctx) {
        RepositoryDefinition repository = find(name);
        Duration span;
        try {
            span = window == null ? Duration.ofMinutes(30) : Durations.parse(window);
        } catch (IllegalArgumentException e) {
            throw new ApiException(400, "INVALID", e.getMessage());
        }
        return access.require(ctx, repository, Action.READ, "read-sli")
                .map(p -> metrics.snapshot(repository.name(), span));
    }

    private RepositoryDefinition find(String name) {
        return catalog.find(name).orElseThrow(() -> new ApiException(404, "REPOSITORY_UNKNOWN", "no repository " + name));
    }
}
