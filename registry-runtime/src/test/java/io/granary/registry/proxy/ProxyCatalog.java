package io.granary.registry.proxy;

import static io.restassured.RestAssured.given;

import io.granary.registry.testsupport.GranaryTestResources;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.awaitility.Awaitility;

/** Declares proxy repositories (whose upstream ports are only known at run time) in the test catalog. */
public final class ProxyCatalog {

    private ProxyCatalog() {
    }

    /**
     * A Repository document of a proxy reading {@code url}, anonymously readable, loopback allowed unless
     * {@code guarded}; {@code extra} is appended inside {@code upstream}.
     */
    public static String proxy(String name, String format, String url, String ttl, boolean guarded, String extra) {
        return proxy(name, format, url, ttl, guarded, extra, "{anonymousRead: true}");
    }

    /** As {@link #proxy(String, String, String, String, boolean, String)} with the repository's {@code access} spec. */
    public static String proxy(String name, String format, String url, String ttl, boolean guarded, String extra,
                               String access) {
        return """
                apiVersion: granary.io/v1alpha1
                kind: Repository
                metadata: {name: %s}
                spec:
                  format: %s
                  type: proxy
                  access: %s
                  upstream: {url: "%s", metadataTtl: %s, negativeCacheTtl: %s, allowPrivateAddresses: %s%s}
                ---
                """.formatted(name, format, access, url, ttl, ttl, !guarded, extra.isEmpty() ? "" : ", " + extra);
    }

    /**
     * Writes the catalog file and waits until the runtime serves each repository: its {@code probes}
     * (repository name to a path of it) no longer answer "no ... repository named".
     */
    public static void declare(String file, String yaml, Map<String, String> probes) {
        try {
            Files.writeString(GranaryTestResources.catalogDir().resolve(file), yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        probes.forEach((name, probe) -> Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> !given().get(probe).asString().contains("repository named " + name)));
    }

    /** Writes a standalone Secret (one file per key) where the runtime looks for Secrets: beside the catalog. */
    public static void secret(String name, Map<String, String> keys) {
        try {
            Path dir = GranaryTestResources.catalogDir().toAbsolutePath().getParent().resolve("secrets").resolve(name);
            Files.createDirectories(dir);
            for (var entry : keys.entrySet()) {
                Files.writeString(dir.resolve(entry.getKey()), entry.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
