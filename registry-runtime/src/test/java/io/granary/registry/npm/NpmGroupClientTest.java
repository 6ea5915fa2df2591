package io.granary.registry.npm;

import static org.assertj.core.api.Assertions.assertThat;

import io.granary.registry.group.GroupTestResources;
import io.granary.registry.group.MixedGroups;
import io.granary.registry.proxy.ProxyCatalog;
import io.granary.registry.proxy.VerdaccioUpstream;
import io.granary.registry.testsupport.GranaryTestResources;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The unmodified npm CLI with a group as its only registry: publishes through the group land in the
 * deploy member, packages of both members install from a clean cache, every tarball via the group;
 * likewise through a group mixing a hosted member with a proxy of a real Verdaccio.
 */
@QuarkusTest
@QuarkusTestResource(value = GroupTestResources.class, restrictToAnnotatedClass = true)
class NpmGroupClientTest {

    @TempDir
    Path work;

    @Test
    void npmInstallsFromAGroupOfTwoMembers() throws Exception {
        String base = "http://127.0.0.1:" + RestAssured.port + "/npm/";
        String token = GranaryTestResources.ADMIN_TOKEN;
        NpmCli group = new NpmCli(work.resolve("home"), base + "npm-group/", token);
        NpmCli memberB = new NpmCli(work.resolve("home-b"), base + "npm-b/", token);
        Path packages = work.resolve("packages");

        group.run(NpmCli.writePackage(packages, "grp-lib", "1.0.0", Map.of()), "publish").ok();
        memberB.run(NpmCli.writePackage(packages, "grp-lib", "1.1.0", Map.of()), "publish").ok();
        memberB.run(NpmCli.writePackage(packages, "@grp/util", "2.0.0", Map.of("grp-lib", "^1.0.0")), "publish").ok();
        assertThat(new NpmCli(work.resolve("home-a"), base + "npm-a/", token).run(work, "view", "grp-lib", "version")
                .ok().out().strip()).isEqualTo("1.0.0");

        Path app = Files.createDirectories(work.resolve("app"));
        Files.writeString(app.resolve("package.json"), "{\"name\":\"app\",\"version\":\"1.0.0\",\"private\":true}");
        group.freshCache("install");
        group.run(app, "install", "grp-lib@1.1.0", "@grp/util@^2.0.0").ok();
        JsonObject lock = new JsonObject(Files.readString(app.resolve("package-lock.json")));
        JsonObject util = lock.getJsonObject("packages").getJsonObject("node_modules/@grp/util");
        assertThat(util.getString("resolved")).isEqualTo(base + "npm-group/@grp/util/-/util-2.0.0.tgz");
        assertThat(lock.getJsonObject("packages").getJsonObject("node_modules/grp-lib").getString("resolved"))
                .isEqualTo(base + "npm-group/grp-lib/-/grp-lib-1.1.0.tgz");
        assertThat(new JsonObject(Files.readString(app.resolve("node_modules/@grp/util/package.json"))).getString("version"))
                .isEqualTo("2.0.0");
    }

    /**
     * A group mixing the hosted npm-a with a proxy of a real Verdaccio (which needs a login): a package
     * whose versions are split across both installs a version only the upstream has (the merged
     * packument lists both, dist-tags from the hosted member that comes first), and a hosted package
     * pulls its dependency from the upstream, every tarball through the group.
     */
    @Test
    void npmInstallsFromAHostedAndAProxyMember() throws Exception {
        String base = "http://127.0.0.1:" + RestAssured.port + "/npm/";
        String token = GranaryTestResources.ADMIN_TOKEN;
        try (VerdaccioUpstream upstream = new VerdaccioUpstream().start()) {
            ProxyCatalog.secret("mixclient-verdaccio", Map.of("token", upstream.token()));
            MixedGroups.declare("npm-mixclient", "npm", upstream.url(), "credentialsSecretRef: {name: mixclient-verdaccio}");
            Path packages = work.resolve("packages");
            NpmCli hosted = new NpmCli(work.resolve("home-a"), base + "npm-a/", token);
            NpmCli remote = new NpmCli(work.resolve("home-upstream"), upstream.url(), upstream.token());
            hosted.run(NpmCli.writePackage(packages, "mix-split", "1.0.0", Map.of()), "publish").ok();
            remote.run(NpmCli.writePackage(packages, "mix-split", "1.1.0", Map.of()), "publish").ok();
            remote.run(NpmCli.writePackage(packages, "mix-remote", "1.0.0", Map.of()), "publish").ok();
            hosted.run(NpmCli.writePackage(packages, "mix-hosted", "1.0.0", Map.of("mix-remote", "^1.0.0")), "publish").ok();

            NpmCli group = new NpmCli(work.resolve("home"), base + "npm-mixclient/", token);
            assertThat(new io.vertx.core.json.JsonArray(group.run(work, "view", "mix-split", "versions", "--json").ok().out()))
                    .containsExactly("1.0.0", "1.1.0");
            assertThat(group.run(work, "view", "mix-split", "dist-tags.latest").ok().out().strip()).isEqualTo("1.0.0");

            Path app = Files.createDirectories(work.resolve("mixed-app"));
            Files.writeString(app.resolve("package.json"), "{\"name\":\"app\",\"version\":\"1.0.0\",\"private\":true}");
            group.freshCache("mixed");
            group.run(app, "install", "mix-split@~1.1.0", "mix-hosted@1.0.0").ok();
            JsonObject installed = new JsonObject(Files.readString(app.resolve("package-lock.json"))).getJsonObject("packages");
            for (String[] expected : new String[][] {{"mix-split", "1.1.0"}, {"mix-hosted", "1.0.0"}, {"mix-remote", "1.0.0"}}) {
                JsonObject entry = installed.getJsonObject("node_modules/" + expected[0]);
                assertThat(entry.getString("version")).as(expected[0]).isEqualTo(expected[1]);
                assertThat(entry.getString("resolved")).isEqualTo(base + "npm-mixclient/" + expected[0] + "/-/"
                        + expected[0] + "-" + expected[1] + ".tgz");
                assertThat(Files.readString(app.resolve("node_modules/" + expected[0] + "/index.js")))
                        .contains(expected[0] + "@" + expected[1]);
            }
        }
    }
}
