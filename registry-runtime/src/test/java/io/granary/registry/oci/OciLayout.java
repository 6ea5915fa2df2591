package io.granary.registry.oci;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

/** Writes a small multi-platform image as an OCI image layout (image-spec image-layout.md). */
final class OciLayout {

    private OciLayout() {
    }

    /** Writes the layout with one index (tag {@code ref}) over two platform images; returns the index digest. */
    static String writeMultiArch(Path dir, String ref, long seed) throws Exception {
        Files.createDirectories(dir.resolve("blobs/sha256"));
        Files.writeString(dir.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
        StringBuilder children = new StringBuilder();
        Random random = new Random(seed);
        for (String arch : new String[] {"amd64", "arm64"}) {
            byte[] raw = new byte[200_000];
            random.nextBytes(raw);
            ByteArrayOutputStream gz = new ByteArrayOutputStream();
            try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
                out.write(raw);
            }
            byte[] layer = gz.toByteArray();
            String layerDigest = blob(dir, layer);
            byte[] config = ("{\"architecture\":\"" + arch + "\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\","
                    + "\"diff_ids\":[\"" + OciHttp.digest(raw) + "\"]}}").getBytes(StandardCharsets.UTF_8);
            String configDigest = blob(dir, config);
            byte[] manifest = ("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                    + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + configDigest
                    + "\",\"size\":" + config.length + "},\"layers\":[{\"mediaType\":"
                    + "\"application/vnd.oci.image.layer.v1.tar+gzip\",\"digest\":\"" + layerDigest + "\",\"size\":"
                    + layer.length + "}]}").getBytes(StandardCharsets.UTF_8);
            String manifestDigest = blob(dir, manifest);
            if (children.length() > 0) {
                children.append(',');
            }
            children.append("{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"")
                    .append(manifestDigest).append("\",\"size\":").append(manifest.length)
                    .append(",\"platform\":{\"architecture\":\"").append(arch).append("\",\"os\":\"linux\"}}");
        }
        byte[] index = ("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"manifests\":["
                + children + "]}").getBytes(StandardCharsets.UTF_8);
        String indexDigest = blob(dir, index);
        Files.writeString(dir.resolve("index.json"), "{\"schemaVersion\":2,\"mediaType\":"
                + "\"application/vnd.oci.image.index.v1+json\",\"manifests\":[{\"mediaType\":"
                + "\"application/vnd.oci.image.index.v1+json\",\"digest\":\"" + indexDigest + "\",\"size\":" + index.length
                + ",\"annotations\":{\"org.opencontainers.image.ref.name\":\"" + ref + "\"}}]}");
        return indexDigest;
    }

    /** The digests of every blob in a layout. */
    static Set<String> blobs(Path dir) throws Exception {
        try (Stream<Path> files = Files.list(dir.resolve("blobs/sha256"))) {
            Set<String> digests = new TreeSet<>();
            files.forEach(f -> digests.add("sha256:" + f.getFileName()));
            return digests;
        }
    }

    private static String blob(Path dir, byte[] content) throws Exception {
        String digest = OciHttp.digest(content);
        Files.write(dir.resolve("blobs/sha256").resolve(digest.substring(7)), content);
        return digest;
    }
}
