package io.granary.registry.oci;

import io.granary.api.v1alpha1.repository.RepositoryFormat;
import io.granary.registry.catalog.RepositoryCatalog;
import io.granary.registry.core.OciDigest;
import io.granary.registry.core.OciImages;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Listings: tags of an image (spec §Listing Tags), the legacy {@code _catalog}, and the referrers
 * of a manifest (spec §Listing Referrers). Pages are bounded whatever {@code n} asks for and
 * continue through a {@code Link} header.
 */
@ApplicationScoped
class OciListHandler {

    private final OciImages images;
    private final RepositoryCatalog catalog;
    private final OciAccess access;
    private final OciConfig config;

    OciListHandler(OciImages images, RepositoryCatalog catalog, OciAccess access, OciConfig config) {
        this.images = images;
        this.catalog = catalog;
        this.access = access;
        this.config = config;
    }

    void tags(OciRequest request) {
        var ctx = request.ctx();
        Integer n = pageSize(ctx);
        if (n == null) {
            return;
        }
        String last = ctx.queryParams().get("last");
        if (n == 0) {
            ctx.response().putHeader("Content-Type", "application/json")
                    .end(new JsonObject().put("name", request.name().name()).put("tags", new JsonArray()).encode());
            return;
        }
        images.tags(request.repository(), request.image(), last, n + 1).chain(tags -> tags.isEmpty()
                        ? images.exists(request.repository(), request.image()).map(exists -> exists ? tags : null)
                        : io.smallrye.mutiny.Uni.createFrom().item(tags))
                .subscribe().with(tags -> {
                    if (tags == null && last == null) {
                        OciErrors.send(ctx, 404, OciErrors.NAME_UNKNOWN, "no image named " + request.name().name());
                        return;
                    }
                    List<String> page = tags == null ? List.of() : tags;
                    boolean more = page.size() > n;
                    page = more ? page.subList(0, n) : page;
                    if (more) {
                        link(ctx, request.pathOf("tags/list"), n, page.get(page.size() - 1));
                    }
                    ctx.response().putHeader("Content-Type", "application/json")
                            .end(new JsonObject().put("name", request.name().name()).put("tags", new JsonArray(page))
                                    .encode());
                }, failure -> OciErrors.fail(ctx, failure));
    }

    void catalog(RoutingContext ctx) {
        Integer n = pageSize(ctx);
        if (n == null) {
            return;
        }
        String last = ctx.queryParams().get("last");
        if (n == 0) {
            ctx.response().putHeader("Content-Type", "application/json")
                    .end(new JsonObject().put("repositories", new JsonArray()).encode());
            return;
        }
        access.authenticate(ctx).subscribe().with(caller -> {
            // Only repositories the caller may pull from are listed.
            List<String> readable = catalog.all().stream()
                    .filter(r -> r.format() == RepositoryFormat.OCI)
                    .filter(r -> OciAccess.allows(new OciAccess.Caller(caller.principal(), null, caller.invalid()), r,
                            r.name(), "pull"))
                    .map(r -> r.name())
                    .toList();
            images.catalog(readable, last, n + 1).subscribe().with(names -> {
                boolean more = names.size() > n;
                List<String> page = more ? names.subList(0, n) : names;
                if (more) {
                    link(ctx, "/v2/_catalog", n, page.get(page.size() - 1));
                }
                ctx.response().putHeader("Content-Type", "application/json")
                        .end(new JsonObject().put("repositories", new JsonArray(page)).encode());
            }, failure -> OciErrors.fail(ctx, failure));
        }, failure -> OciErrors.fail(ctx, failure));
    }

    void referrers(OciRequest request) {
        var ctx = request.ctx();
        OciDigest subject = OciDigest.parse(request.name().reference());
        if (subject == null) {
            OciErrors.send(ctx, 400, OciErrors.DIGEST_INVALID, "invalid digest " + request.name().reference());
            return;
        }
        String artifactType = ctx.queryParams().get("artifactType");
        images.referrers(request.repository(), request.image(), subject, artifactType).subscribe().with(rows -> {
            JsonArray manifests = new JsonArray();
            rows.forEach(row -> {
                JsonObject descriptor = new JsonObject()
                        .put("mediaType", row.mediaType())
                        .put("digest", row.digest())
                        .put("size", row.size());
                if (row.artifactType() != null) {
                    descriptor.put("artifactType", row.artifactType());
                }
                if (row.annotations() != null) {
                    descriptor.put("annotations", new JsonObject(row.annotations()));
                }
                manifests.add(descriptor);
            });
            if (artifactType != null) {
                ctx.response().putHeader("OCI-Filters-Applied", "artifactType");
            }
            ctx.response().putHeader("Content-Type", ManifestDocument.OCI_INDEX)
                    .end(new JsonObject().put("schemaVersion", 2).put("mediaType", ManifestDocument.OCI_INDEX)
                            .put("manifests", manifests).encode());
        }, failure -> OciErrors.fail(ctx, failure));
    }

    /** The bounded page size, or null after answering 400 for a bad {@code n}. */
    private Integer pageSize(RoutingContext ctx) {
        String raw = ctx.queryParams().get("n");
        int max = config.maxPageSize();
        if (raw == null || raw.isEmpty()) {
            return max;
        }
        try {
            long n = Long.parseLong(raw);
            if (n < 0) {
                throw new NumberFormatException();
            }
            return (int) Math.min(n, max);
        } catch (NumberFormatException e) {
            OciErrors.send(ctx, 400, OciErrors.PAGINATION_NUMBER_INVALID, "n must be a number from 0");
            return null;
        }
    }

    private static void link(RoutingContext ctx, String path, int n, String last) {
        ctx.response().putHeader("Link", "<" + path + "?n=" + n + "&last=" + URLEncoder.encode(last, StandardCharsets.UTF_8)
                + ">; rel=\"next\"");
    }
}
