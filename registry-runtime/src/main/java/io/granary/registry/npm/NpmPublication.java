package io.granary.registry.npm;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/**
 * A checked {@code npm publish} document: one new version, its tarball (decoded, proven gzip) with
 * the checksums it announces, the dist-tags to point at it, and the manifest to store. Every
 * refusal is an {@link IllegalArgumentException} whose message tells the publisher what to fix.
 */
record NpmPublication(String version, JsonObject manifest, byte[] tarball, String sha512, String sha1,
                      Map<String, String> tags) {

    /** semver.org's grammar for a version. */
    static final Pattern SEMVER = Pattern.compile("(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)"
            + "(?:-((?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\\.(?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?"
            + "(?:\\+([0-9a-zA-Z-]+(?:\\.[0-9a-zA-Z-]+)*))?");
    /** Tags must not look like versions or ranges, which npm would read as such. */
    static final Pattern TAG = Pattern.compile("[A-Za-z][A-Za-z0-9._-]{0,99}");
    private static final Pattern SHA1_HEX = Pattern.compile("[0-9a-f]{40}");
    /** A tarball expanding beyond this is refused rather than read on. */
    private static final long MAX_UNPACKED_BYTES = 1L << 30;

    static NpmPublication parse(NpmPackageName pkg, JsonObject doc, String publisher) {
        JsonObject versions = object(doc, "versions");
        if (versions.size() != 1) {
            throw new IllegalArgumentException("a publish must carry exactly one version, not " + versions.size());
        }
        String version = versions.fieldNames().iterator().next();
        if (!SEMVER.matcher(version).matches()) {
            throw new IllegalArgumentException("invalid semver version: " + version);
        }
        if (!(versions.getValue(version) instanceof JsonObject manifestIn)) {
            throw new IllegalArgumentException("versions." + version + " must be an object");
        }
        JsonObject manifest = manifestIn.copy();
        if (!pkg.full().equals(manifest.getValue("name")) || !version.equals(manifest.getValue("version"))) {
            throw new IllegalArgumentException("versions." + version + " must name " + pkg.full() + "@" + version);
        }
        JsonObject dist = object(manifest, "dist");
        String sha512 = sha512(dist.getValue("integrity"));
        Object shasum = dist.getValue("shasum");
        if (shasum != null && !(shasum instanceof String s && SHA1_HEX.matcher(s).matches())) {
            throw new IllegalArgumentException("dist.shasum must be 40 lowercase hex digits");
        }
        byte[] tarball = attachment(object(doc, "_attachments"));
        checkGzip(tarball);
        dist.remove("tarball");
        manifest.put("dist", dist);
        manifest.put("_id", pkg.full() + "@" + version);
        manifest.put("_npmUser", new JsonObject().put("name", publisher));
        if (!manifest.containsKey("maintainers")) {
            manifest.put("maintainers", new JsonArray().add(new JsonObject().put("name", publisher)));
        }
        if (!manifest.containsKey("readme") && doc.getValue("readme") instanceof String readme) {
            manifest.put("readme", readme);
        }
        JsonObject scripts = manifest.getValue("scripts") instanceof JsonObject s ? s : new JsonObject();
        if (scripts.containsKey("install") || scripts.containsKey("preinstall") || scripts.containsKey("postinstall")) {
            manifest.put("hasInstallScript", true);
        }
        return new NpmPublication(version, manifest, tarball, sha512, (String) shasum, tags(doc, version));
    }

    private static Map<String, String> tags(JsonObject doc, String version) {
        Map<String, String> tags = new LinkedHashMap<>();
        if (doc.getValue("dist-tags") instanceof JsonObject sent) {
            for (String tag : sent.fieldNames()) {
                if (!version.equals(sent.getValue(tag))) {
                    continue;
                }
                if (!TAG.matcher(tag).matches()) {
                    throw new IllegalArgumentException("invalid dist-tag: " + tag + " (a letter, then letters, digits, . _ -)");
                }
                tags.put(tag, version);
            }
        }
        if (tags.isEmpty()) {
            tags.put("latest", version);
        }
        return tags;
    }

    /** The hex SHA-512 of an SRI string such as {@code sha512-<base64>} (other hashes may come along). */
    private static String sha512(Object integrity) {
        if (integrity instanceof String sri) {
            for (String part : sri.strip().split("\\s+")) {
                if (part.startsWith("sha512-")) {
                    try {
                        byte[] digest = Base64.getDecoder().decode(part.substring("sha512-".length()).replaceAll("\\?.*$", ""));
                        if (digest.length == 64) {
                            return HexFormat.of().formatHex(digest);
                        }
                    } catch (IllegalArgumentException ignored) {
                        // reported below
                    }
                }
            }
        }
        throw new IllegalArgumentException("dist.integrity must carry a sha512 SRI hash (sha512-<base64>)");
    }

    private static byte[] attachment(JsonObject attachments) {
        if (attachments.size() != 1) {
            throw new IllegalArgumentException("a publish must carry exactly one tarball in _attachments");
        }
        String file = attachments.fieldNames().iterator().next();
        if (!(attachments.getValue(file) instanceof JsonObject attachment)
                || !(attachment.getValue("data") instanceof String data)) {
            throw new IllegalArgumentException("_attachments." + file + ".data must hold the base64 tarball");
        }
        byte[] bytes;
        try {
            bytes = Base64.getMimeDecoder().decode(data);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("_attachments." + file + ".data is not valid base64");
        }
        if (attachment.getValue("length") instanceof Number length && length.longValue() != bytes.length) {
            throw new IllegalArgumentException("_attachments." + file + " announces " + length + " bytes but holds "
                    + bytes.length);
        }
        return bytes;
    }

    /** Reads the tarball through gunzip to the end: a truncated or non-gzip file is refused. */
    private static void checkGzip(byte[] tarball) {
        if (tarball.length < 2 || (tarball[0] & 0xff) != 0x1f || (tarball[1] & 0xff) != 0x8b) {
            throw new IllegalArgumentException("the tarball is not gzip-compressed (npm pack makes .tgz files)");
        }
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(tarball))) {
            byte[] buffer = new byte[16384];
            long total = 0;
            for (int n; (n = in.read(buffer)) > 0; ) {
                total += n;
                if (total > MAX_UNPACKED_BYTES) {
                    throw new IllegalArgumentException("the tarball unpacks to more than " + MAX_UNPACKED_BYTES + " bytes");
                }
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("the tarball is not a valid gzip file: " + e.getMessage());
        }
    }

    private static JsonObject object(JsonObject doc, String field) {
        if (doc.getValue(field) instanceof JsonObject o) {
            return o;
        }
        throw new IllegalArgumentException(field + " must be an object");
    }
}
