package io.granary.registry.oci;

import io.granary.registry.core.OciDigest;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What the registry reads from a pushed manifest (image-spec manifest.md and image-index.md, Docker
 * schema2): its media type, the blobs or child manifests it references, its subject, artifact type
 * and annotations. The bytes themselves are stored and served untouched.
 */
record ManifestDocument(String mediaType, boolean index, List<OciDigest> references, OciDigest subject,
                        String artifactType, String annotations) {

    static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
    static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
    static final String DOCKER_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";
    static final Set<String> MANIFESTS = Set.of(OCI_MANIFEST, DOCKER_MANIFEST);
    static final Set<String> INDEXES = Set.of(OCI_INDEX, DOCKER_LIST);

    /** Why a manifest was refused; carries the spec's error code. */
    static final class Invalid extends Exception {
        final String code;

        Invalid(String code, String message) {
            super(message, null, false, false);
            this.code = code;
        }
    }

    /** Parses and checks a manifest sent with {@code contentType} (parameters ignored). */
    static ManifestDocument parse(byte[] body, String contentType) throws Invalid {
        JsonObject json;
        try {
            Object parsed = io.vertx.core.json.Json.decodeValue(new String(body, StandardCharsets.UTF_8));
            if (!(parsed instanceof JsonObject object)) {
                throw new Invalid(OciErrors.MANIFEST_INVALID, "a manifest is a JSON object");
            }
            json = object;
        } catch (DecodeException e) {
            throw new Invalid(OciErrors.MANIFEST_INVALID, "the manifest is not valid JSON");
        }
        String sent = contentType == null ? null : contentType.split(";", 2)[0].strip();
        String declared = stringOrNull(json, "mediaType");
        String mediaType = sent != null && !sent.isEmpty() ? sent : declared;
        if (mediaType == null || !MANIFESTS.contains(mediaType) && !INDEXES.contains(mediaType)) {
            throw new Invalid(OciErrors.MANIFEST_INVALID, "unsupported manifest media type " + mediaType
                    + "; expected an OCI image manifest or index, or a Docker schema2 manifest or list");
        }
        if (declared != null && !declared.equals(mediaType)) {
            throw new Invalid(OciErrors.MANIFEST_INVALID, "mediaType " + declared + " does not match Content-Type "
                    + mediaType);
        }
        Object schemaVersion = json.getValue("schemaVersion");
        if (!(schemaVersion instanceof Number n) || n.intValue() != 2) {
            throw new Invalid(OciErrors.MANIFEST_INVALID, "schemaVersion must be 2");
        }
        boolean index = INDEXES.contains(mediaType);
        Set<OciDigest> references = new LinkedHashSet<>();
        String artifactType = stringOrNull(json, "artifactType");
        if (index) {
            for (JsonObject d : descriptors(json, "manifests", true)) {
                references.add(requiredDigest(d, "manifests[].digest"));
            }
        } else {
            JsonObject config = object(json, "config");
            if (config == null) {
                throw new Invalid(OciErrors.MANIFEST_INVALID, "an image manifest needs a config descriptor");
            }
            references.add(requiredDigest(config, "config.digest"));
            for (JsonObject layer : descriptors(json, "layers", false)) {
                String layerType = stringOrNull(layer, "mediaType");
                boolean foreign = layer.getValue("urls") instanceof JsonArray urls && !urls.isEmpty()
                        || layerType != null && layerType.contains("foreign");
                OciDigest digest = requiredDigest(layer, "layers[].digest");
                if (!foreign) {
                    references.add(digest);
                }
            }
            if (artifactType == null) {
                artifactType = stringOrNull(config, "mediaType");
            }
        }
        OciDigest subject = null;
        JsonObject subjectDescriptor = object(json, "subject");
        if (subjectDescriptor != null) {
            subject = requiredDigest(subjectDescriptor, "subject.digest");
        }
        JsonObject annotations = object(json, "annotations");
        return new ManifestDocument(mediaType, index, new ArrayList<>(references), subject, artifactType,
                annotations == null ? null : annotations.encode());
    }

    private static List<JsonObject> descriptors(JsonObject json, String field, boolean required) throws Invalid {
        Object value = json.getValue(field);
        if (value == null) {
            if (required) {
                throw new Invalid(OciErrors.MANIFEST_INVALID, field + " is required");
            }
            return List.of();
        }
        if (!(value instanceof JsonArray array)) {
            throw new Invalid(OciErrors.MANIFEST_INVALID, field + " must be an array");
        }
        List<JsonObject> out = new ArrayList<>();
        for (Object o : array) {
            if (!(o instanceof JsonObject d)) {
                throw new Invalid(OciErrors.MANIFEST_INVALID, field + " must hold descriptors");
            }
            out.add(d);
        }
        return out;
    }

    private static OciDigest requiredDigest(JsonObject descriptor, String what) throws Invalid {
        String digest = stringOrNull(descriptor, "digest");
        if (digest == null || !OciDigest.looksLikeDigest(digest)) {
            throw new Invalid(OciErrors.MANIFEST_INVALID, what + " is missing or not a digest");
        }
        if (!(descriptor.getValue("size") instanceof Number size) || size.longValue() < 0) {
            throw new Invalid(OciErrors.MANIFEST_INVALID, what.replace("digest", "size") + " must be a size in bytes");
        }
        OciDigest parsed = OciDigest.parse(digest);
        if (parsed == null) {
            throw new Invalid(OciErrors.MANIFEST_BLOB_UNKNOWN, what + " " + digest
                    + " is not stored here (sha256 and sha512 only)");
        }
        return parsed;
    }

    private static JsonObject object(JsonObject json, String field) throws Invalid {
        Object value = json.getValue(field);
        if (value == null) {
            return null;
        }
        if (!(value instanceof JsonObject o)) {
            throw new Invalid(OciErrors.MANIFEST_INVALID, field + " must be an object");
        }
        return o;
    }

    private static String stringOrNull(JsonObject json, String field) throws Invalid {
        Object value = json.getValue(field);
        if (value == null) {
            return null;
        }
        if (!(value instanceof String s)) {
            throw new Invalid(OciErrors.MANIFEST_INVALID, field + " must be a string");
        }
        return s;
    }
}
