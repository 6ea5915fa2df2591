package io.granary.registry.npm;

import static org.assertj.core.api.Assertions.assertThat;

import io.granary.registry.group.GroupTestResources;
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
 * deploy member, packages of both members install from a clean cache, every tarball via the group.
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
}
