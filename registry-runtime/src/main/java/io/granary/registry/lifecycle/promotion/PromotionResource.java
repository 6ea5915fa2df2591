package io.granary.registry.lifecycle.promotion;

import io.granary.api.v1alpha1.promotion.PromotionRuleSpec;
import io.granary.api.v1alpha1.repository.RepositoryType;
import io.granary.registry.admin.AdminAccess;
import io.granary.registry.admin.ApiException;
import io.granary.registry.auth.Action;
import io.granary.registry.catalog.RepositoryCatalog;
import io.granary.registry.catalog.RepositoryDefinition;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import java.security.PublicKey;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.jboss.logging.Logger;

/**
 * {@code POST /api/v1/promotions}: runs a PromotionRule once and answers with promoted and blocked
 * versions. Needs the admin role on both repositories. Safe to repeat: versions already promoted are
 * reported, not copied again.
 */
@Path("/api/v1/promotions")
@Produces(MediaType.APPLICATION_JSON)
public class PromotionResource {

    private static final Logger LOG = Logger.getLogger(PromotionResource.class);

    private final AdminAccess access;
    private final RepositoryCatalog catalog;
    private final PromotionEngine engine;

    PromotionResource(AdminAccess access, RepositoryCatalog catalog, PromotionEngine engine) {
        this.access = access;
        this.catalog = catalog;
        this.engine = engine;
    }

    @POST
    public Uni<PromotionReport> promote(PromotionRequest request, RoutingContext ctx) {
        PromotionRuleSpec spec = validate(request);
        PublicKey publicKey = publicKey(request);
        RepositoryDefinition from = hosted(spec.getFrom());
        RepositoryDefinition to = hosted(spec.getTo());
        if (from.format() != to.format()) {
            throw new ApiException(400, "INVALID", "from is " + from.format().wireName() + ", to is " + to.format().wireName()
                    + "; promotion keeps the format");
        }
        if (!PromotionEngine.supports(from.format())) {
            throw new ApiException(400, "UNSUPPORTED", "promotion of " + from.format().wireName() + " repositories is not supported");
        }
        return access.require(ctx, from, Action.ADMIN, "promote")
                .chain(() -> access.require(ctx, to, Action.ADMIN, "promote"))
                .chain(() -> engine.promote(request.rule(), spec, from, to, publicKey))
                .invoke(report -> {
                    if (report.copied() > 0) {
                        LOG.infof("promotion %s: %d version(s) copied from %s to %s, %d blocked", request.rule(),
                                report.copied(), from.name(), to.name(), report.blocked().size());
                    }
                });
    }

    private static PromotionRuleSpec validate(PromotionRequest request) {
        if (request == null || request.rule() == null || request.rule().isBlank() || request.spec() == null) {
            throw new ApiException(400, "INVALID", "a promotion needs a rule name and a spec");
        }
        PromotionRuleSpec spec = request.spec();
        if (spec.getFrom() == null || spec.getTo() == null || spec.getFrom().equals(spec.getTo())) {
            throw new ApiException(400, "INVALID", "from and to must name two different repositories");
        }
        if (spec.getArtifacts().isEmpty() == (spec.getSelector() == null)) {
            throw new ApiException(400, "INVALID", "set exactly one of artifacts and selector");
        }
        for (var ref : spec.getArtifacts()) {
            if (ref.getName() == null || ref.getName().isBlank() || ref.getVersion() == null || ref.getVersion().isBlank()) {
                throw new ApiException(400, "INVALID", "every artifact needs a name and a version");
            }
        }
        if (spec.getGates() != null && spec.getGates().getMinAge() != null) {
            try {
                io.granary.api.v1alpha1.common.Durations.parse(spec.getGates().getMinAge());
            } catch (IllegalArgumentException e) {
                throw new ApiException(400, "INVALID", "gates.minAge: " + e.getMessage());
            }
        }
        try {
            if (spec.getSelector() != null) {
                io.granary.registry.lifecycle.Globs.of(spec.getSelector().getNames());
                io.granary.registry.lifecycle.Globs.of(spec.getSelector().getVersions());
                io.granary.registry.lifecycle.Globs.of(spec.getSelector().getExclude());
            }
        } catch (IllegalArgumentException e) {
            throw new ApiException(400, "INVALID", "selector: " + e.getMessage());
        }
        return spec;
    }

    private static PublicKey publicKey(PromotionRequest request) {
        if (request.publicKey() == null || request.publicKey().isBlank()) {
            return null;
        }
        if (request.spec().getGates() == null || request.spec().getGates().getSignature() == null) {
            throw new ApiException(400, "INVALID", "publicKey is only used by the signature gate, which the spec does not set");
        }
        try {
            return CosignSignatures.parse(request.publicKey());
        } catch (IllegalArgumentException e) {
            throw new ApiException(400, "INVALID", "publicKey: " + e.getMessage());
        }
    }

    private RepositoryDefinition hosted(String name) {
        RepositoryDefinition repository = catalog.find(name)
                .orElseThrow(() -> new ApiException(404, "REPOSITORY_UNKNOWN", "no repository " + name));
        if (repository.type() != RepositoryType.HOSTED) {
            throw new ApiException(400, "INVALID", name + " is not a hosted repository");
        }
        return repository;
    }
}
