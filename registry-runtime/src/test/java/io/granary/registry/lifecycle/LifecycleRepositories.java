package io.granary.registry.lifecycle;

import static io.restassured.RestAssured.given;

import io.granary.registry.testsupport.GranaryTestResources;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Hosted repositories a lifecycle test declares in the catalog directory, then waits for the runtime to serve. */
public final class LifecycleRepositories {

    private LifecycleRepositories() {
    }

    /** Declares the repositories (name → format) in {@code file}; the runtime rescans its catalog directory. */
    public static void declare(String file, Map<String, String> formats) {
        StringBuilder yaml = new StringBuilder();
        new LinkedHashMap<>(formats).forEach((name, format) -> yaml.append("apiVersion: granary.io/v1alpha1\nkind: Repository\n")
                .append("metadata: {name: ").append(name).append("}\nspec: {format: ").append(format)
                .append(", type: hosted}\n---\n"));
        try {
            Files.writeString(GranaryTestResources.catalogDir().resolve(file), yaml.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Declares a pair {@code <prefix>-<format>-src} and {@code <prefix>-<format>-dst} of each format, for replication tests. */
    public static void declarePairs(String file, String prefix, List<String> formats) {
        Map<String, String> repositories = new LinkedHashMap<>();
        for (String format : formats) {
            repositories.put(prefix + "-" + format + "-src", format);
            repositories.put(prefix + "-" + format + "-dst", format);
        }
        declare(file, repositories);
    }

    /** Returns once the runtime serves every named repository (call from a test: RestAssured points at the app then). */
    public static void awaitServed(String... names) {
        for (String name : names) {
            awaitServed(name);
        }
    }

    private static void awaitServed(String name) {
        for (int i = 0; i < 200; i++) {
            if (given().auth().oauth2(GranaryTestResources.ADMIN_TOKEN).get("/api/v1/repositories/" + name).statusCode() == 200) {
                return;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("repository " + name + " never appeared in the catalog");
    }
}
