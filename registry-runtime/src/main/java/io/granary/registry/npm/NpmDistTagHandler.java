package io.granary.registry.npm;

import io.granary.registry.audit.AuditEntry;
import io.granary.registry.audit.AuditLog;
import io.granary.registry.core.HostedPackages;
import io.granary.registry.http.RequestBodyPump;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * {@code npm dist-tag ls/add/rm}: {@code /-/package/<pkg>/dist-tags[/<tag>]}. A tag is set with a
 * JSON string body naming an existing version; {@code latest} cannot be removed.
 */
@ApplicationScoped
class NpmDistTagHandler {

    private static final long MAX_BODY = 4096;

    private final HostedPackages packages;
    private final NpmPackumentCache cache;
    private final AuditLog audit;

    NpmDistTagHandler(HostedPackages packages, NpmPackumentCache cache, AuditLog audit) {
        this.packages = packages;
        this.cache = cache;
        this.audit = audit;
    }

    void list(NpmRequest request) {
        packages.find(request.repository(), request.pkg().scope(), request.pkg().name()).subscribe().with(stored -> {
            if (stored == null) {
                request.error(404, "NOT_FOUND", "Not found: " + request.pkg().full());
            } else {
                request.json(200, NpmPackumentRenderer.distTags(stored).encode());
            }
        }, request::fail);
    }

    void change(NpmRequest request) {
        String tag = request.target().detail();
        if (!NpmPublication.TAG.matcher(tag).matches()) {
            request.error(400, "TAG_INVALID", "invalid dist-tag: " + tag + " (a letter, then letters, digits, . _ -)");
            return;
        }
        if (request.ctx().request().method() == HttpMethod.DELETE) {
            remove(request, tag);
            return;
        }
        NpmBody.read(request.ctx(), MAX_BODY).subscribe().with(body -> {
            Object version;
            try {
                version = Json.decodeValue(body);
            } catch (RuntimeException e) {
                version = null;
            }
            if (!(version instanceof String v) || !NpmPublication.SEMVER.matcher(v).matches()) {
                request.error(400, "BODY_INVALID", "the body must be a JSON string naming a version, e.g. \"1.0.0\"");
                return;
            }
            set(request, tag, v);
        }, failure -> request.error(failure instanceof RequestBodyPump.TooLarge ? 413 : 400, "BODY_INVALID",
                "the body must be a JSON string naming a version"));
    }

    private void set(NpmRequest request, String tag, String version) {
        var pkg = request.pkg();
        packages.setTag(request.repository(), pkg.scope(), pkg.name(), tag, version)
                .call(ok -> ok ? record(request, "set " + tag + " → " + version) : Uni.createFrom().voidItem())
                .subscribe().with(ok -> {
                    if (!ok) {
                        request.error(404, "NOT_FOUND", "Not found: " + pkg.full() + "@" + version);
                        return;
                    }
                    cache.invalidate(request.repository().name(), pkg.full());
                    request.json(201, new JsonObject().put("ok", true).put(tag, version).encode());
                }, request::fail);
    }

    private void remove(NpmRequest request, String tag) {
        if (tag.equals("latest")) {
            request.error(400, "TAG_INVALID", "the latest tag cannot be removed; point it at another version instead");
            return;
        }
        var pkg = request.pkg();
        packages.removeTag(request.repository(), pkg.scope(), pkg.name(), tag)
                .call(ok -> ok ? record(request, "removed " + tag) : Uni.createFrom().voidItem())
                .subscribe().with(ok -> {
                    if (!ok) {
                        request.error(404, "NOT_FOUND", "Not found: dist-tag " + tag + " of " + pkg.full());
                        return;
                    }
                    cache.invalidate(request.repository().name(), pkg.full());
                    request.json(200, new JsonObject().put("ok", true).encode());
                }, request::fail);
    }

    private Uni<Void> record(NpmRequest request, String detail) {
        return audit.record(new AuditEntry(request.requestId(), request.principal().name(), "write",
                request.repository().name(), request.pkg().full() + "/dist-tags", AuditEntry.ALLOWED, 200, detail,
                request.remote()));
    }
}
