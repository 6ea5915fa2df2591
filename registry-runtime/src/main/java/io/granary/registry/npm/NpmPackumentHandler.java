package io.granary.registry.npm;

import io.granary.registry.core.HostedPackages;
import io.granary.registry.metadata.StoredPackageVersion;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * GET of a packument, full or abbreviated by the {@code Accept} header, with an ETag for npm's
 * revalidation; and GET of one version ({@code /<pkg>/<version or tag>}).
 */
@ApplicationScoped
class NpmPackumentHandler {

    static final String ABBREVIATED = "application/vnd.npm.install-v1+json";

    private final HostedPackages packages;
    private final NpmPackumentCache cache;

    NpmPackumentHandler(HostedPackages packages, NpmPackumentCache cache) {
        this.packages = packages;
        this.cache = cache;
    }

    void packument(NpmRequest request) {
        var http = request.ctx().request();
        String accept = http.getHeader("Accept");
        // Writers (deprecate, unpublish) read the full document fresh and send it back.
        boolean write = "true".equals(request.ctx().queryParams().get("write"));
        boolean abbreviated = !write && accept != null && accept.contains(ABBREVIATED);
        String repo = request.repository().name();
        String pkg = request.pkg().full();
        String variant = (abbreviated ? "a " : "f ") + request.registryUrl();
        NpmPackumentCache.Rendered cached = write ? null : cache.get(repo, pkg, variant);
        if (cached != null) {
            send(request, cached, abbreviated);
            return;
        }
        long generation = cache.generation();
        packages.find(request.repository(), request.pkg().scope(), request.pkg().name()).subscribe().with(stored -> {
            if (stored == null) {
                request.error(404, "NOT_FOUND", "Not found");
                return;
            }
            JsonObject doc = abbreviated
                    ? NpmPackumentRenderer.abbreviated(request.pkg(), stored, request.registryUrl())
                    : NpmPackumentRenderer.full(request.pkg(), stored, request.registryUrl());
            byte[] bytes = doc.encode().getBytes(StandardCharsets.UTF_8);
            NpmPackumentCache.Rendered rendered = new NpmPackumentCache.Rendered(Buffer.buffer(bytes), etag(bytes));
            cache.put(repo, pkg, variant, rendered, generation);
            send(request, rendered, abbreviated);
        }, request::fail);
    }

    /** One version's manifest, by version or dist-tag. */
    void version(NpmRequest request) {
        packages.find(request.repository(), request.pkg().scope(), request.pkg().name()).subscribe().with(stored -> {
            String wanted = stored == null ? null : stored.tags().getOrDefault(request.target().detail(),
                    request.target().detail());
            StoredPackageVersion found = stored == null ? null : stored.versions().stream()
                    .filter(v -> v.version().equals(wanted)).findFirst().orElse(null);
            if (found == null) {
                request.error(404, "NOT_FOUND", "Not found: " + request.pkg().full() + "@" + request.target().detail());
                return;
            }
            request.json(200, NpmPackumentRenderer.version(request.pkg(), found.manifest(), request.registryUrl())
                    .encode());
        }, request::fail);
    }

    private static void send(NpmRequest request, NpmPackumentCache.Rendered rendered, boolean abbreviated) {
        var response = request.ctx().response();
        response.putHeader("ETag", rendered.etag())
                .putHeader("Content-Type", abbreviated ? ABBREVIATED : "application/json")
                .putHeader("Vary", "Accept, Authorization");
        String ifNoneMatch = request.ctx().request().getHeader("If-None-Match");
        if (ifNoneMatch != null && (ifNoneMatch.contains(rendered.etag()) || ifNoneMatch.strip().equals("*"))) {
            response.setStatusCode(304).end();
            return;
        }
        if (request.ctx().request().method() == HttpMethod.HEAD) {
            response.putHeader("Content-Length", Integer.toString(rendered.body().length())).end();
            return;
        }
        response.end(rendered.body());
    }

    private static String etag(byte[] bytes) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
            return "\"" + HexFormat.of().formatHex(digest, 0, 16) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
