package io.granary.registry.admin;

import io.granary.api.v1alpha1.repository.RepositoryType;
import io.granary.api.v1alpha1.retention.RetentionRules;
import io.granary.registry.auth.Action;
import io.granary.registry.catalog.RepositoryCatalog;
import io.granary.registry.catalog.RepositoryDefinition;
import io.granary.registry.lifecycle.LifecycleReports;
import io.granary.registry.lifecycle.gc.GarbageCollector;
import io.granary.registry.lifecycle.retention.RetentionReport;
import io.granary.registry.lifecycle.retention.RetentionRuleSet;
import io.granary.registry.lifecycle.retention.RetentionRunner;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * Retention of a hosted repository: {@code POST .../retention} with {@code {"rules": {...}, "dryRun": true}}
 * (the RetentionPolicy's rules) runs it and answers the report; a dry run only lists the candidates.
 * {@code GET .../retention/report} answers the last report. Needs the admin role on the repository.
 */
@Path("/api/v1/repositories/{name}/retention")
@Produces(MediaType.APPLICATION_JSON)
public class RetentionResource {

    /** A run request; {@code grace} overrides garbage collection's grace period (not below the minimum). */
    public record RunRequest(RetentionRules rules, Boolean dryRun, String grace) {
    }

    private final AdminAccess access;
    private final RepositoryCatalog catalog;
    private final RetentionRunner runner;
    private final GarbageCollector gc;
    private final LifecycleReports reports;

    RetentionResource(AdminAccess access, RepositoryCatalog catalog, RetentionRunner runner, GarbageCollector gc,
                      LifecycleReports reports) {
        this.access = access;
        this.catalog = catalog;
        this.runner = runner;
        this.gc = gc;
        this.reports = reports;
    }

    @POST
    public Uni<RetentionReport> run(@PathParam("name") String name, RunRequest body, RoutingContext ctx) {
        RepositoryDefinition repository = hosted(name);
        return access.require(ctx, repository, Action.ADMIN, "run retention").chain(p -> {
            if (body == null) {
                throw new ApiException(400, "INVALID_RULES", "a body with rules is required");
            }
            RetentionRuleSet rules;
            try {
                rules = RetentionRuleSet.of(body.rules());
            } catch (IllegalArgumentException e) {
                throw new ApiException(400, "INVALID_RULES", e.getMessage());
            }
            return runner.run(repository, rules, Boolean.TRUE.equals(body.dryRun()), LifecycleGrace.of(body.grace(), gc));
        });
    }

    @GET
    @Path("/report")
    public Uni<RetentionReport> last(@PathParam("name") String name, RoutingContext ctx) {
        RepositoryDefinition repository = hosted(name);
        return access.require(ctx, repository, Action.ADMIN, "read the retention report")
                .chain(p -> reports.last(LifecycleReports.RETENTION, repository.name(), RetentionReport.class))
                .map(report -> {
                    if (report == null) {
                        throw new ApiException(404, "NO_REPORT", "retention has not run on " + name + " yet");
                    }
                    return report;
                });
    }

    private RepositoryDefinition hosted(String name) {
        RepositoryDefinition repository = catalog.find(name)
                .orElseThrow(() -> new ApiException(404, "REPOSITORY_UNKNOWN", "no repository " + name));
        if (repository.type() != RepositoryType.HOSTED) {
            throw new ApiException(400, "NOT_HOSTED", "retention applies to hosted repositories; " + name + " is "
                    + repository.type().name().toLowerCase(java.util.Locale.ROOT));
        }
        return repository;
    }
}
