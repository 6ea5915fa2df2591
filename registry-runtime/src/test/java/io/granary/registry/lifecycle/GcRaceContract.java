package io.granary.registry.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.granary.registry.storage.BlobStore;
import io.quarkus.test.common.http.TestHTTPResource;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Pushes, overwrites and deletes race garbage collection running back to back with a zero grace
 * period (the harshest setting) for a bounded number of cycles and time. Content is drawn from a
 * small pool, so writes keep re-referencing blobs that the collector has just found unreferenced.
 * Afterwards every acknowledged artifact must read back with its digest, and once a final collection
 * ran, the blob store must hold nothing that metadata does not reference. Run against every store.
 */
abstract class GcRaceContract {

    private static final int WRITERS = 4;
    private static final int CYCLES = 12;
    private static final int OPS_PER_CYCLE = 25;
    private static final Duration TIME_LIMIT = Duration.ofSeconds(90);
    private static final int POOL = 12;

    @TestHTTPResource("/")
    URL base;

    @Inject
    BlobStore blobs;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** The generic repository and the OCI repository the test writes to. */
    abstract String prefix();

    @Test
    void acknowledgedWritesSurviveGarbageCollectionAndNothingUnreferencedRemains() throws Exception {
        byte[][] pool = new byte[POOL][];
        for (int i = 0; i < POOL; i++) {
            pool[i] = (prefix() + " pooled content " + i).repeat(1 + i * 50).getBytes(StandardCharsets.UTF_8);
        }
        Map<String, String> acknowledged = new ConcurrentHashMap<>();
        Map<String, List<String>> images = new ConcurrentHashMap<>();
        AtomicInteger refusedBySweep = new AtomicInteger();
        AtomicInteger collections = new AtomicInteger();
        AtomicBoolean stop = new AtomicBoolean();
        long deadline = System.nanoTime() + TIME_LIMIT.toNanos();
        ExecutorService threads = Executors.newFixedThreadPool(WRITERS + 1);
        try {
            Future<?> collector = threads.submit(() -> {
                while (!stop.get() && System.nanoTime() < deadline) {
                    var r = send("POST", "/api/v1/gc?grace=0s", null, null);
                    assertThat(r.statusCode()).as("gc answered %s", r.body()).isIn(200, 409);
                    collections.incrementAndGet();
                }
                return null;
            });
            List<Future<?>> writers = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                int writer = w;
                writers.add(threads.submit(() -> {
                    Random random = new Random(writer);
                    for (int cycle = 0; cycle < CYCLES && System.nanoTime() < deadline; cycle++) {
                        for (int op = 0; op < OPS_PER_CYCLE; op++) {
                            step(writer, cycle, op, random, pool, acknowledged, images, refusedBySweep);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : writers) {
                f.get(TIME_LIMIT.toSeconds() + 60, TimeUnit.SECONDS);
            }
            stop.set(true);
            collector.get(60, TimeUnit.SECONDS);
        } finally {
            stop.set(true);
            threads.shutdownNow();
        }
        assertThat(collections.get()).as("collections run during the writes").isGreaterThan(1);
        assertThat(acknowledged).as("acknowledged generic files").isNotEmpty();

        for (var entry : acknowledged.entrySet()) {
            var r = sendBytes("GET", "/generic/" + entry.getKey());
            assertThat(r.statusCode()).as("GET %s", entry.getKey()).isEqualTo(200);
            assertThat(LifecycleApi.sha256(r.body())).as("digest of %s", entry.getKey()).isEqualTo(entry.getValue());
        }
        for (var image : images.entrySet()) {
            var manifest = sendBytes("GET", "/v2/" + image.getKey() + "/manifests/latest");
            assertThat(manifest.statusCode()).as("manifest of %s", image.getKey()).isEqualTo(200);
            for (String digest : image.getValue()) {
                var blob = sendBytes("GET", "/v2/" + image.getKey() + "/blobs/" + digest);
                assertThat(blob.statusCode()).as("blob %s of %s", digest, image.getKey()).isEqualTo(200);
                assertThat("sha256:" + LifecycleApi.sha256(blob.body())).isEqualTo(digest);
            }
        }

        LifecycleApi.collect("0s");
        Set<String> stored = ConcurrentHashMap.newKeySet();
        blobs.list(stat -> stored.add(stat.sha256()));
        try (var db = LifecycleApi.database(); var st = db.prepareStatement("SELECT count(*) FROM blob b WHERE b.sha256 = ? AND ("
                + "EXISTS (SELECT 1 FROM asset a WHERE a.blob_sha256 = b.sha256) OR EXISTS (SELECT 1 FROM oci_manifest m "
                + "WHERE m.sha256 = b.sha256) OR EXISTS (SELECT 1 FROM oci_manifest_blob r WHERE r.sha256 = b.sha256) "
                + "OR EXISTS (SELECT 1 FROM oci_upload_blob u WHERE u.sha256 = b.sha256) OR EXISTS (SELECT 1 FROM "
                + "oci_blob_link l JOIN oci_manifest lm ON lm.repository_id = l.repository_id AND lm.image = l.image "
                + "WHERE l.sha256 = b.sha256 AND NOT lm.refs_recorded))")) {
            for (String sha256 : stored) {
                st.setString(1, sha256);
                try (var rs = st.executeQuery()) {
                    rs.next();
                    assertThat(rs.getLong(1)).as("stored blob %s is referenced by metadata", sha256).isEqualTo(1);
                }
            }
        }
        System.out.printf("gc race on %s: %d collections, %d files and %d images acknowledged, %d writes lost to a sweep%n",
                blobs.kind(), collections.get(), acknowledged.size(), images.size(), refusedBySweep.get());
    }

    /** One operation: a generic PUT (often of pooled content), a DELETE, or an OCI push of pooled layers. */
    private void step(int writer, int cycle, int op, Random random, byte[][] pool, Map<String, String> acknowledged,
                      Map<String, List<String>> images, AtomicInteger refusedBySweep) throws Exception {
        String path = prefix() + "/race/w" + writer + "/f" + random.nextInt(8);
        int choice = random.nextInt(10);
        if (choice < 5) {
            byte[] body = random.nextBoolean() ? pool[random.nextInt(POOL)]
                    : ("unique " + writer + " " + cycle + " " + op).getBytes(StandardCharsets.UTF_8);
            var r = send("PUT", "/generic/" + path, body, "application/octet-stream");
            if (r.statusCode() == 201 || r.statusCode() == 200) {
                acknowledged.put(path, LifecycleApi.sha256(body));
            } else {
                refusedBySweep.incrementAndGet();
                acknowledged.remove(path);
            }
        } else if (choice < 8) {
            var r = send("DELETE", "/generic/" + path, null, null);
            if (r.statusCode() < 300 || r.statusCode() == 404) {
                acknowledged.remove(path);
            }
        } else {
            String image = ociRepository() + "/w" + writer;
            byte[] config = pool[random.nextInt(POOL)];
            byte[] layer = pool[random.nextInt(POOL)];
            String configDigest = pushBlob(image, config);
            String layerDigest = pushBlob(image, layer);
            if (configDigest == null || layerDigest == null) {
                refusedBySweep.incrementAndGet();
                return;
            }
            byte[] manifest = new JsonObject().put("schemaVersion", 2)
                    .put("mediaType", "application/vnd.oci.image.manifest.v1+json")
                    .put("config", new JsonObject().put("mediaType", "application/vnd.oci.image.config.v1+json")
                            .put("digest", configDigest).put("size", config.length))
                    .put("layers", new JsonArray().add(new JsonObject()
                            .put("mediaType", "application/vnd.oci.image.layer.v1.tar")
                            .put("digest", layerDigest).put("size", layer.length)))
                    .encode().getBytes(StandardCharsets.UTF_8);
            var r = send("PUT", "/v2/" + image + "/manifests/latest", manifest, "application/vnd.oci.image.manifest.v1+json");
            if (r.statusCode() == 201) {
                images.put(image, List.of(configDigest, layerDigest));
            } else {
                refusedBySweep.incrementAndGet();
            }
        }
    }

    /** The OCI repository of this store's test resources. */
    String ociRepository() {
        return io.granary.registry.testsupport.TestRepositories.OCI;
    }

    private String pushBlob(String image, byte[] content) throws Exception {
        String digest = "sha256:" + LifecycleApi.sha256(content);
        var r = send("POST", "/v2/" + image + "/blobs/uploads/?digest=" + digest, content, "application/octet-stream");
        return r.statusCode() == 201 ? digest : null;
    }

    private HttpResponse<String> send(String method, String path, byte[] body, String contentType) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base.toString()).resolve(path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + LifecycleApi.ADMIN)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (java.net.http.HttpTimeoutException e) {
            throw new AssertionError(method + " " + path + " timed out; database activity: " + activity(), e);
        }
    }

    /** What the database sessions were doing, for a request that hung. */
    private static String activity() {
        StringBuilder out = new StringBuilder();
        try (var db = LifecycleApi.database(); var st = db.createStatement(); var rs = st.executeQuery(
                "SELECT pid, state, wait_event_type, wait_event, pg_blocking_pids(pid), left(query, 200) FROM pg_stat_activity "
                        + "WHERE datname = current_database() AND pid <> pg_backend_pid()")) {
            while (rs.next()) {
                out.append("\n  ").append(rs.getInt(1)).append(' ').append(rs.getString(2)).append(' ')
                        .append(rs.getString(3)).append('/').append(rs.getString(4)).append(" blocked by ")
                        .append(rs.getString(5)).append(": ").append(rs.getString(6));
            }
        } catch (Exception e) {
            out.append(e);
        }
        return out.toString();
    }

    private HttpResponse<byte[]> sendBytes(String method, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base.toString()).resolve(path)).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + LifecycleApi.ADMIN).method(method, HttpRequest.BodyPublishers.noBody())
                .build(), HttpResponse.BodyHandlers.ofByteArray());
    }
}
