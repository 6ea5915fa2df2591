package io.granary.registry.admin;

import io.granary.registry.lifecycle.LifecycleReports;
import io.granary.registry.lifecycle.gc.GarbageCollector;
import io.granary.registry.lifecycle.gc.GcReport;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/**
 * Garbage collection of the blob store: {@code POST /api/v1/gc[?grace=1h]} runs one and answers its
 * report; {@code GET /api/v1/gc/report} answers the last. Global admins only (blobs are shared by all
 * repositories).
 */
@Path("/api/v1/gc")
@Produces(MediaType.APPLICATION_JSON)
public class GarbageCollectionResource {

    private final AdminAccess access;
    private final GarbageCollector gc;
    private final LifecycleReports reports;

    GarbageCollectionResource(AdminAccess access, GarbageCollector gc, LifecycleReports reports) {
        this.access = access;
        this.gc = gc;
        this.reports = reports;
    }

    @POST
    public Uni<GcReport> collect(@QueryParam("grace") String grace, RoutingContext ctx) {
        return access.requireGlobalAdmin(ctx, "collect garbage")
                .chain(p -> gc.collect(LifecycleGrace.of(grace, gc)))
                .onFailure(IllegalStateException.class).transform(e -> new ApiException(409, "GC_RUNNING", e.getMessage()))
                .call(report -> reports.save(LifecycleReports.GC, LifecycleReports.ALL, report.finishedAt(), report));
    }

    @GET
    @Path("/report")
    public Uni<GcReport> last(RoutingContext ctx) {
        return access.requireGlobalAdmin(ctx, "read the garbage collection report")
                .chain(p -> reports.last(LifecycleReports.GC, LifecycleReports.ALL, GcReport.class))
                .map(report -> {
                    if (report == null) {
                        throw new ApiException(404, "NO_REPORT", "garbage collection has not run yet");
                    }
                    return report;
                });
    }
}
