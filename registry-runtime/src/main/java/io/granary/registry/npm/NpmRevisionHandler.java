package io.granary.registry.npm;

import io.granary.registry.audit.AuditEntry;
import io.granary.registry.audit.AuditLog;
import io.granary.registry.core.HostedPackages;
import io.granary.registry.metadata.StoredPackage;
import io.granary.registry.metadata.StoredPackageVersion;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A PUT of a whole packument without attachments, as npm sends it after reading {@code ?write=true}:
 * {@code npm deprecate} changes {@code deprecated} fields, {@code npm unpublish <pkg>@<v>} leaves a
 * version out and moves its dist-tags. Only those changes are taken; versions are otherwise
 * immutable, and new versions need their tarball (a publish).
 */
@ApplicationScoped
class NpmRevisionHandler {

    private final HostedPackages packages;
    private final NpmPackumentCache cache;
    private final AuditLog audit;

    NpmRevisionHandler(HostedPackages packages, NpmPackumentCache cache, AuditLog audit) {
        this.packages = packages;
        this.cache = cache;
        this.audit = audit;
    }

    void handle(NpmRequest request, JsonObject doc) {
        var pkg = request.pkg();
        packages.find(request.repository(), pkg.scope(), pkg.name()).subscribe().with(stored -> {
            if (stored == null) {
                request.error(404, "NOT_FOUND", "Not found: " + pkg.full() + " has no published version; publish one with its tarball");
                return;
            }
            if (!(doc.getValue("versions") instanceof JsonObject versions)) {
                request.error(400, "BODY_INVALID", "versions must be an object");
                return;
            }
            revise(request, stored, versions, doc.getValue("dist-tags"));
        }, request::fail);
    }

    private void revise(NpmRequest request, StoredPackage stored, JsonObject versions, Object sentTags) {
        Map<String, String> manifests = new HashMap<>();
        Set<String> removed = new HashSet<>();
        Set<String> known = new HashSet<>();
        for (StoredPackageVersion v : stored.versions()) {
            known.add(v.version());
            if (!(versions.getValue(v.version()) instanceof JsonObject sent)) {
                removed.add(v.version());
                continue;
            }
            JsonObject manifest = new JsonObject(v.manifest());
            Object deprecated = sent.getValue("deprecated");
            String wanted = deprecated instanceof String s && !s.isEmpty() ? s : null;
            if (!Objects.equals(wanted, manifest.getValue("deprecated"))) {
                if (wanted == null) {
                    manifest.remove("deprecated");
                } else {
                    manifest.put("deprecated", wanted);
                }
                manifests.put(v.version(), manifest.encode());
            }
        }
        for (String version : versions.fieldNames()) {
            if (!known.contains(version)) {
                request.error(400, "PUBLISH_INVALID", "version " + version + " is new: publish it with its tarball");
                return;
            }
        }
        Map<String, String> tags = new HashMap<>();
        Set<String> removedTags = new HashSet<>();
        if (sentTags instanceof JsonObject sent) {
            for (String tag : sent.fieldNames()) {
                Object target = sent.getValue(tag);
                if (target instanceof String version && known.contains(version) && !removed.contains(version)
                        && !version.equals(stored.tags().get(tag))) {
                    if (!NpmPublication.TAG.matcher(tag).matches()) {
                        request.error(400, "TAG_INVALID", "invalid dist-tag: " + tag);
                        return;
                    }
                    tags.put(tag, version);
                }
            }
            stored.tags().keySet().stream().filter(tag -> !sent.containsKey(tag)).forEach(removedTags::add);
        }
        if (!removed.isEmpty()) {
            String refusal = NpmUnpublishPolicy.refusal(request);
            if (refusal != null) {
                record(request, "delete", AuditEntry.DENIED, 403, refusal)
                        .subscribe().with(v -> request.error(403, "UNPUBLISH_FORBIDDEN", refusal), request::fail);
                return;
            }
        }
        var pkg = request.pkg();
        Uni<List<String>> change = removed.size() == known.size()
                ? packages.remove(request.repository(), pkg.scope(), pkg.name())
                : packages.revise(request.repository(), pkg.scope(), pkg.name(), manifests, removed, tags, removedTags);
        String detail = "deprecations " + manifests.keySet() + " unpublished " + removed + " tags " + tags + " removed tags "
                + removedTags;
        change.call(() -> record(request, removed.isEmpty() ? "write" : "delete", AuditEntry.ALLOWED, 200, detail))
                .subscribe().with(gone -> {
                    cache.invalidate(request.repository().name(), pkg.full());
                    request.json(200, new JsonObject().put("ok", true).put("id", pkg.full()).encode());
                }, failure -> NpmUnpublishPolicy.failed(request, audit, failure));
    }

    private Uni<Void> record(NpmRequest request, String action, String outcome, int status, String detail) {
        return audit.record(new AuditEntry(request.requestId(), request.principal().name(), action,
                request.repository().name(), request.pkg().full(), outcome, status, detail, request.remote()));
    }
}
