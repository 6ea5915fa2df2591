package io.granary.registry.admin;

import io.granary.api.v1alpha1.repository.RepositoryFormat;
import io.granary.registry.audit.AuditEntry;
import io.granary.registry.audit.AuditLog;
import io.granary.registry.auth.Action;
import io.granary.registry.catalog.RepositoryCatalog;
import io.granary.registry.catalog.RepositoryDefinition;
import io.granary.registry.http.AccessGate;
import io.granary.registry.http.RequestIds;
import io.granary.registry.pypi.PypiProjects;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * Yanking a PyPI release (PEP 592): {@code PUT} with an optional {@code {"reason": ...}} marks every file of
 * the version as yanked (pip then skips it unless pinned exactly), {@code DELETE} un-yanks; {@code ?file=}
 * narrows either to one file of the version. Needs the admin role on the repository. A change is audited as a
 * {@code write}, so a Replication that follows pushes carries it to its target.
 */
@Path("/api/v1/repositories/{name}/pypi/projects/{project}/versions/{version}/yank")
@Produces(MediaType.APPLICATION_JSON)
public class PypiYankResource {

    /** The body of a yank. */
    public record YankRequest(String reason) {
    }

    /** What changed. */
    public record YankResult(String project, String version, boolean yanked, String reason, int files) {
    }

    private final AdminAccess access;
    private final RepositoryCatalog catalog;
    private final PypiProjects projects;
    private final AuditLog audit;

    PypiYankResource(AdminAccess access, RepositoryCatalog catalog, PypiProjects projects, AuditLog audit) {
        this.access = access;
        this.catalog = catalog;
        this.projects = projects;
        this.audit = audit;
    }

    @PUT
    public Uni<YankResult> yank(@PathParam("name") String name, @PathParam("project") String project,
                                @PathParam("version") String version, @QueryParam("file") String file, YankRequest body,
                                RoutingContext ctx) {
        String reason = body == null || body.reason() == null ? "" : body.reason();
        return change(name, project, version, file, reason, ctx);
    }

    @DELETE
    public Uni<YankResult> unyank(@PathParam("name") String name, @PathParam("project") String project,
                                  @PathParam("version") String version, @QueryParam("file") String file, RoutingContext ctx) {
        return change(name, project, version, file, null, ctx);
    }

    private Uni<YankResult> change(String name, String project, String version, String file, String reason, RoutingContext ctx) {
        RepositoryDefinition repository = catalog.find(name)
                .filter(r -> r.format() == RepositoryFormat.PYPI)
                .orElseThrow(() -> new ApiException(404, "REPOSITORY_UNKNOWN", "no pypi repository " + name));
        return access.require(ctx, repository, Action.ADMIN, reason == null ? "unyank" : "yank")
                .chain(caller -> projects.yank(repository, project, version, file, reason)
                        .call(files -> files == 0 ? Uni.createFrom().voidItem()
                                : audit.record(new AuditEntry(RequestIds.assign(ctx), caller.name(), "write", name,
                                        project + "/" + (file == null ? version : file), AuditEntry.ALLOWED, 200,
                                        (reason == null ? "unyanked " : "yanked ") + project + " " + version
                                                + (file == null ? "" : " file " + file), AccessGate.remote(ctx)))))
                .map(files -> {
                    if (files == 0) {
                        throw new ApiException(404, "VERSION_UNKNOWN", "no files of " + project + " " + version
                                + (file == null ? "" : " named " + file) + " in " + name);
                    }
                    return new YankResult(project, version, reason != null, reason, files);
                });
    }
}
