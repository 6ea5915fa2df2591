package io.granary.registry.npm;

import static org.assertj.core.api.Assertions.assertThat;

import io.granary.registry.testsupport.ClientTools;
import io.granary.registry.testsupport.GranaryTestResources;
import io.granary.registry.testsupport.NpmTestRepositories;
import io.granary.registry.testsupport.Tokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The unmodified npm CLI against Granary: publish, dist-tag, deprecate, view, whoami, install with
 * exact, range and tag specifiers from a clean cache, {@code npm ci} from the lock file, and
 * unpublish; pnpm and yarn install the same. Every package comes from this server; the client is configured for it alone.
 */
@QuarkusTest
@QuarkusTestResource(value = GranaryTestResources.class, restrictToAnnotatedClass = true)
class NpmClientTest {

    /** Yarn classic from the tools cache (.ci/install-package-clients.sh). */
    private static final String YARN = "yarn-1.22.22/node_modules/.bin/yarn";

    @TempDir
    Path work;

    @Test
    void npmPublishesInstallsAndManagesPackages() throws IOException {
        String registry = "http://127.0.0.1:" + RestAssured.port + "/npm/" + NpmTestRepositories.LOCAL + "/";
        String token = Tokens.issue("npm-ci", NpmTestRepositories.LOCAL, "writer");
        NpmCli npm = new NpmCli(work.resolve("home"), registry, token);
        Path packages = work.resolve("packages");

        assertThat(npm.run(work, "ping").ok().exit()).isZero();
        assertThat(npm.run(work, "whoami").ok().out().strip()).isEqualTo("npm-ci");

        npm.run(NpmCli.writePackage(packages, "lib-a", "1.0.0", Map.of()), "publish").ok();
        npm.run(NpmCli.writePackage(packages, "lib-a", "1.1.0", Map.of()), "publish").ok();
        npm.run(NpmCli.writePackage(packages, "lib-a", "2.0.0-beta.1", Map.of()), "publish", "--tag", "beta").ok();
        npm.run(NpmCli.writePackage(packages, "@acme/util", "1.0.0", Map.of("lib-a", "^1.0.0")), "publish").ok();
        npm.run(NpmCli.writePackage(packages, "@acme/util", "1.2.0", Map.of("lib-a", "^1.0.0")), "publish").ok();
        npm.run(NpmCli.writePackage(packages, "lib-c", "3.0.0", Map.of()), "publish").ok();
        npm.run(NpmCli.writePackage(packages, "lib-c", "3.1.0", Map.of()), "publish", "--tag", "next").ok();

        // Re-publishing a version is refused and says why.
        NpmCli.Result again = npm.run(NpmCli.writePackage(packages.resolve("again"), "lib-a", "1.0.0", Map.of()), "publish");
        assertThat(again.exit()).isNotZero();
        assertThat(again.err()).contains("cannot publish over the previously published versions");

        // view, dist-tag, deprecate
        JsonArray versions = new JsonArray(npm.run(work, "view", "lib-a", "versions", "--json").ok().out());
        assertThat(versions).containsExactlyInAnyOrder("1.0.0", "1.1.0", "2.0.0-beta.1");
        npm.run(work, "dist-tag", "add", "lib-a@1.0.0", "stable").ok();
        assertThat(npm.run(work, "dist-tag", "ls", "lib-a").ok().out())
                .contains("latest: 1.1.0").contains("beta: 2.0.0-beta.1").contains("stable: 1.0.0");
        npm.run(work, "dist-tag", "rm", "lib-a", "stable").ok();
        assertThat(npm.run(work, "dist-tag", "ls", "lib-a").ok().out()).doesNotContain("stable");
        npm.run(work, "deprecate", "lib-a@1.0.0", "use 1.1.0").ok();
        assertThat(npm.run(work, "view", "lib-a@1.0.0", "deprecated").ok().out()).contains("use 1.1.0");
        assertThat(npm.run(work, "view", "@acme/util", "dist-tags.latest").ok().out().strip()).isEqualTo("1.2.0");

        // A fresh project, a clean cache: exact, range and tag specifiers.
        Path app = Files.createDirectories(work.resolve("app"));
        Files.writeString(app.resolve("package.json"), "{\"name\":\"app\",\"version\":\"1.0.0\",\"private\":true}");
        npm.freshCache("install");
        npm.run(app, "install", "lib-a@1.1.0", "@acme/util@^1.0.0", "lib-c@next").ok();
        assertInstalled(app);
        JsonObject lock = new JsonObject(Files.readString(app.resolve("package-lock.json")));
        JsonObject util = lock.getJsonObject("packages").getJsonObject("node_modules/@acme/util");
        assertThat(util.getString("resolved")).isEqualTo(registry + "@acme/util/-/util-1.2.0.tgz");
        assertThat(util.getString("integrity")).startsWith("sha512-");

        // npm ci from the lock file, again with a clean cache and no node_modules.
        deleteTree(app.resolve("node_modules"));
        npm.freshCache("ci");
        npm.run(app, "ci").ok();
        assertInstalled(app);

        // pnpm (installed by .ci/install-tools.sh) installs the same from its own clean store.
        Path pnpm = pnpm();
        if (pnpm != null) {
            Path other = Files.createDirectories(work.resolve("pnpm-app"));
            Files.writeString(other.resolve("package.json"), "{\"name\":\"pnpm-app\",\"version\":\"1.0.0\",\"private\":true}");
            npm.exec(other, List.of(pnpm.toString(), "add", "lib-a@1.1.0", "@acme/util@^1.0.0", "lib-c@next",
                    "--store-dir", work.resolve("pnpm-store").toString(),
                    "--state-dir", work.resolve("pnpm-state").toString(),
                    // pnpm prefers versions older than a day by default; these were published seconds ago.
                    "--config.minimum-release-age=0")).ok();
            assertInstalled(other);
            assertThat(Files.readString(other.resolve("pnpm-lock.yaml"))).contains("lib-a@1.1.0").contains("sha512-");
        }

        yarnInstallsTheSame(npm, registry);

        // The same on a scoped package, whose name npm escapes as @acme%2futil in every one of these paths.
        npm.run(work, "dist-tag", "add", "@acme/util@1.0.0", "old").ok();
        assertThat(npm.run(work, "dist-tag", "ls", "@acme/util").ok().out()).contains("old: 1.0.0").contains("latest: 1.2.0");
        npm.run(work, "deprecate", "@acme/util@1.0.0", "use 1.2.0").ok();
        assertThat(npm.run(work, "view", "@acme/util@1.0.0", "deprecated").ok().out()).contains("use 1.2.0");
        npm.run(work, "unpublish", "@acme/util@1.0.0").ok();
        assertThat(npm.run(work, "view", "@acme/util", "versions", "--json").ok().out()).contains("1.2.0")
                .doesNotContain("1.0.0");

        // unpublish one version, then a whole package (npm-local allows it)
        npm.run(work, "unpublish", "lib-c@3.1.0").ok();
        JsonArray left = new JsonArray("[" + npm.run(work, "view", "lib-c", "versions", "--json").ok().out().strip()
                .replaceAll("^\\[|\\]$", "") + "]");
        assertThat(left).containsExactly("3.0.0");
        npm.run(work, "unpublish", "lib-c", "--force").ok();
        NpmCli.Result gone = npm.run(work, "view", "lib-c");
        assertThat(gone.exit()).isNotZero();
        assertThat(gone.err()).contains("404");
    }

    /**
     * Yarn classic, configured by the same {@code .npmrc} (registry and {@code _authToken}) plus a
     * project {@code .npmrc} with {@code always-auth=true}. Yarn sends the token unasked only for scoped
     * names ({@code @scope%2fname}); its check for a {@code //host/path/:_authToken} entry covering an
     * unscoped URL splits the key at ':' and so never matches a registry with a port, and it does not
     * retry after a 401. The project file keeps {@code always-auth} away from npm, which warns about it.
     */
    private void yarnInstallsTheSame(NpmCli npm, String registry) throws IOException {
        Path yarn = ClientTools.require(YARN);
        Path app = Files.createDirectories(work.resolve("yarn-app"));
        Files.writeString(app.resolve("package.json"), "{\"name\":\"yarn-app\",\"version\":\"1.0.0\",\"private\":true}");
        Files.writeString(app.resolve(".npmrc"), "always-auth=true\n");
        List<String> options = List.of("--non-interactive", "--no-progress", "--cache-folder",
                work.resolve("yarn-cache").toString());
        List<String> add = new java.util.ArrayList<>(List.of(yarn.toString(), "add", "lib-a@1.1.0", "@acme/util@^1.0.0",
                "lib-c@next"));
        add.addAll(options);
        npm.exec(app, add).ok();
        assertInstalled(app);
        String lock = Files.readString(app.resolve("yarn.lock"));
        assertThat(lock).contains(registry + "@acme/util/-/util-1.2.0.tgz").contains("integrity sha512-");

        // From the lock file alone, with another clean cache and no node_modules.
        deleteTree(app.resolve("node_modules"));
        List<String> frozen = new java.util.ArrayList<>(List.of(yarn.toString(), "install", "--frozen-lockfile",
                "--non-interactive", "--no-progress", "--cache-folder", work.resolve("yarn-cache-2").toString()));
        npm.exec(app, frozen).ok();
        assertInstalled(app);

        // yarn info and yarn tag read the packument and the dist-tags endpoint.
        JsonObject info = new JsonObject(npm.exec(app, List.of(yarn.toString(), "info", "@acme/util", "--json",
                "--non-interactive")).ok().out().lines().filter(l -> l.contains("\"inspect\"")).findFirst().orElseThrow());
        assertThat(info.getJsonObject("data").getJsonObject("dist-tags").getString("latest")).isEqualTo("1.2.0");
        assertThat(npm.exec(app, List.of(yarn.toString(), "tag", "list", "lib-a", "--non-interactive")).ok().out())
                .contains("latest: 1.1.0").contains("beta: 2.0.0-beta.1");
        npm.exec(app, List.of(yarn.toString(), "tag", "add", "@acme/util@1.0.0", "from-yarn", "--non-interactive")).ok();
        assertThat(npm.run(work, "dist-tag", "ls", "@acme/util").ok().out()).contains("from-yarn: 1.0.0");
        npm.exec(app, List.of(yarn.toString(), "tag", "remove", "@acme/util", "from-yarn", "--non-interactive")).ok();
        assertThat(npm.run(work, "dist-tag", "ls", "@acme/util").ok().out()).doesNotContain("from-yarn");
    }

    /** pnpm from the tools cache (see .ci/install-tools.sh); required in CI, skipped by hand when absent. */
    private static Path pnpm() {
        Path candidate = ClientTools.toolsDir().resolve("pnpm/node_modules/.bin/pnpm");
        if (Files.isExecutable(candidate)) {
            return candidate;
        }
        if ("true".equals(System.getenv("CI"))) {
            throw new AssertionError("pnpm is missing: .ci/install-tools.sh installs it into " + candidate.getParent());
        }
        System.err.println("NpmClientTest: pnpm not installed (bash .ci/install-tools.sh); skipping its part");
        return null;
    }

    private static void assertInstalled(Path app) throws IOException {
        assertThat(version(app, "lib-a")).isEqualTo("1.1.0");
        assertThat(version(app, "@acme/util")).isEqualTo("1.2.0");
        assertThat(version(app, "lib-c")).isEqualTo("3.1.0");
        assertThat(Files.readString(app.resolve("node_modules/lib-c/index.js"))).contains("lib-c@3.1.0");
    }

    private static String version(Path app, String name) throws IOException {
        return new JsonObject(Files.readString(app.resolve("node_modules").resolve(name).resolve("package.json")))
                .getString("version");
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
