package io.granary.registry.npm;

import io.granary.registry.metadata.StoredPackage;
import io.granary.registry.metadata.StoredPackageVersion;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * Renders stored versions as npm documents: the full packument (npm view, publish tools), the
 * abbreviated one ({@code application/vnd.npm.install-v1+json}, npm install) and single versions.
 * Tarball URLs are made absolute under the registry URL the client used, never taken from a publish.
 */
final class NpmPackumentRenderer {

    /** The version fields npm install needs; everything else stays in the full document. */
    private static final List<String> ABBREVIATED_FIELDS = List.of("name", "version", "dist", "deprecated",
            "dependencies", "optionalDependencies", "devDependencies", "bundleDependencies", "peerDependencies",
            "peerDependenciesMeta", "acceptDependencies", "bin", "directories", "engines", "cpu", "os", "libc",
            "funding", "license", "_hasShrinkwrap", "hasInstallScript");
    /** Package-level fields taken from the latest version, as the public registry shows them. */
    private static final List<String> PACKAGE_FIELDS = List.of("description", "keywords", "license", "homepage",
            "repository", "bugs", "author", "readme", "readmeFilename");

    private NpmPackumentRenderer() {
    }

    static JsonObject full(NpmPackageName pkg, StoredPackage stored, String registryUrl) {
        JsonObject versions = new JsonObject();
        JsonObject time = new JsonObject()
                .put("created", stored.createdAt().toString())
                .put("modified", stored.modifiedAt().toString());
        for (StoredPackageVersion v : stored.versions()) {
            versions.put(v.version(), version(pkg, v.manifest(), registryUrl));
            time.put(v.version(), v.publishedAt().toString());
        }
        JsonObject doc = new JsonObject()
                .put("_id", pkg.full())
                .put("_rev", revision(stored))
                .put("name", pkg.full())
                .put("dist-tags", distTags(stored))
                .put("versions", versions)
                .put("time", time);
        JsonObject latest = latest(stored, versions);
        if (latest != null) {
            for (String field : PACKAGE_FIELDS) {
                if (latest.containsKey(field)) {
                    doc.put(field, latest.getValue(field));
                }
            }
            JsonArray maintainers = latest.getJsonArray("maintainers");
            doc.put("maintainers", maintainers != null ? maintainers : new JsonArray());
        }
        return doc;
    }

    static JsonObject abbreviated(NpmPackageName pkg, StoredPackage stored, String registryUrl) {
        JsonObject versions = new JsonObject();
        // Publish times let clients with a minimum-release-age policy (pnpm) decide without the full document.
        JsonObject time = new JsonObject()
                .put("created", stored.createdAt().toString())
                .put("modified", stored.modifiedAt().toString());
        for (StoredPackageVersion v : stored.versions()) {
            time.put(v.version(), v.publishedAt().toString());
            JsonObject manifest = version(pkg, v.manifest(), registryUrl);
            JsonObject slim = new JsonObject();
            for (String field : ABBREVIATED_FIELDS) {
                if (manifest.containsKey(field)) {
                    slim.put(field, manifest.getValue(field));
                }
            }
            versions.put(v.version(), slim);
        }
        return new JsonObject()
                .put("name", pkg.full())
                .put("modified", stored.modifiedAt().toString())
                .put("dist-tags", distTags(stored))
                .put("versions", versions)
                .put("time", time);
    }

    /** One version's manifest with its tarball URL pointing at this registry. */
    static JsonObject version(NpmPackageName pkg, String manifest, String registryUrl) {
        JsonObject doc = new JsonObject(manifest);
        JsonObject dist = doc.getJsonObject("dist", new JsonObject());
        dist.put("tarball", registryUrl + pkg.tarballPath(doc.getString("version")));
        doc.put("dist", dist);
        return doc;
    }

    static JsonObject distTags(StoredPackage stored) {
        JsonObject tags = new JsonObject();
        stored.tags().forEach(tags::put);
        return tags;
    }

    /**
     * A CouchDB-style revision: npm sends it back on unpublish; it changes whenever the package
     * does (it is not checked, the repository lock serialises changes).
     */
    static String revision(StoredPackage stored) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(stored.modifiedAt().toString().getBytes(StandardCharsets.UTF_8));
            for (StoredPackageVersion v : stored.versions()) {
                digest.update(v.manifest().getBytes(StandardCharsets.UTF_8));
            }
            digest.update(stored.tags().toString().getBytes(StandardCharsets.UTF_8));
            return stored.versions().size() + "-" + HexFormat.of().formatHex(digest.digest()).substring(0, 32);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonObject latest(StoredPackage stored, JsonObject versions) {
        String latest = stored.tags().get("latest");
        if (latest != null && versions.containsKey(latest)) {
            return versions.getJsonObject(latest);
        }
        return stored.versions().isEmpty() ? null
                : versions.getJsonObject(stored.versions().get(stored.versions().size() - 1).version());
    }
}
