package io.granary.registry.pypi;

import static org.assertj.core.api.Assertions.assertThat;

import io.granary.registry.group.GroupTestResources;
import io.granary.registry.group.MixedGroups;
import io.granary.registry.proxy.NginxUpstream;
import io.granary.registry.testsupport.ClientTools;
import io.granary.registry.testsupport.GranaryTestResources;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * twine and pip with a group as their index: an upload through the group lands in the deploy member,
 * and pip installs distributions of both members through the group's simple pages, also when one
 * member is a proxy of a real upstream.
 */
@QuarkusTest
@QuarkusTestResource(value = GroupTestResources.class, restrictToAnnotatedClass = true)
class PypiGroupClientTest {

    private static final String TOKEN = GranaryTestResources.ADMIN_TOKEN;

    @TempDir
    Path work;

    @Test
    void twineUploadsThroughTheGroupAndPipInstallsFromBothMembers() throws Exception {
        Path tools = ClientTools.require("python-clients/bin/python").getParent();
        String base = "http://127.0.0.1:" + RestAssured.port + "/pypi/";
        Path one = work.resolve("grp_one-1.0-py3-none-any.whl");
        Files.write(one, PythonDistributions.wheel("grp_one", "1.0", PythonDistributions.metadata("grp-one", "1.0", ">=3.8")));
        Path two = work.resolve("grp_two-2.0-py3-none-any.whl");
        Files.write(two, PythonDistributions.wheel("grp_two", "2.0", PythonDistributions.metadata("grp-two", "2.0", ">=3.8")));
        for (String[] upload : new String[][] {{"pypi-group", one.toString()}, {"pypi-b", two.toString()}}) {
            twineUpload(tools, base + upload[0] + "/", Path.of(upload[1]));
        }
        assertThat(io.restassured.RestAssured.given().auth().preemptive().basic("__token__", TOKEN)
                .get("/pypi/pypi-a/simple/grp-one/").statusCode()).isEqualTo(200);

        Path target = work.resolve("site");
        String output = pipInstall(tools, base + "pypi-group/simple/", target, "grp-one==1.0", "grp-two");
        assertThat(output).contains("/pypi/pypi-group/files/");
        assertThat(target.resolve("grp_one/__init__.py")).isRegularFile();
        assertThat(target.resolve("grp_two/__init__.py")).isRegularFile();
    }

    /**
     * A group mixing the hosted pypi-a with a proxy of a real nginx upstream: the merged simple page of
     * a project lists the hosted 1.0 and the upstream's 2.0, pip installs 2.0 through the group, and
     * its dependency, which only the hosted member has, comes along.
     */
    @Test
    void pipInstallsFromAHostedAndAProxyMember() throws Exception {
        Path tools = ClientTools.require("python-clients/bin/python").getParent();
        String base = "http://127.0.0.1:" + RestAssured.port + "/pypi/";
        try (NginxUpstream upstream = new NginxUpstream().start()) {
            MixedGroups.declare("pypi-mixclient", "pypi", upstream.url() + "pypi/", "");
            for (String[] dist : new String[][] {{"mix_pkg", "mix-pkg"}, {"mix_dep", "mix-dep"}}) {
                Path file = work.resolve(dist[0] + "-1.0-py3-none-any.whl");
                Files.write(file, PythonDistributions.wheel(dist[0], "1.0", PythonDistributions.metadata(dist[1], "1.0", ">=3.8")));
                twineUpload(tools, base + "pypi-a/", file);
            }
            byte[] remote = PythonDistributions.wheel("mix_pkg", "2.0", PythonDistributions.metadata("mix-pkg", "2.0", ">=3.8")
                    .replace("Summary:", "Requires-Dist: mix-dep\nSummary:"));
            upstream.put("pypi/files/mix_pkg-2.0-py3-none-any.whl", remote);
            upstream.put("pypi/simple/mix-pkg/index.html", "<html><body><a href=\"/pypi/files/mix_pkg-2.0-py3-none-any.whl#sha256="
                    + java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(remote))
                    + "\">mix_pkg-2.0-py3-none-any.whl</a></body></html>");

            String page = io.restassured.RestAssured.given().auth().preemptive().basic("__token__", TOKEN)
                    .get("/pypi/pypi-mixclient/simple/mix-pkg/").then().statusCode(200).extract().asString();
            assertThat(page).contains("/pypi/pypi-mixclient/files/mix-pkg/mix_pkg-1.0-py3-none-any.whl",
                    "/pypi/pypi-mixclient/files/mix-pkg/mix_pkg-2.0-py3-none-any.whl").doesNotContain(upstream.url());

            Path target = work.resolve("mixed-site");
            String output = pipInstall(tools, base + "pypi-mixclient/simple/", target, "mix-pkg");
            assertThat(output).contains("/pypi/pypi-mixclient/files/mix-pkg/mix_pkg-2.0-py3-none-any.whl",
                    "/pypi/pypi-mixclient/files/mix-dep/mix_dep-1.0-py3-none-any.whl");
            assertThat(target.resolve("mix_pkg-2.0.dist-info/METADATA")).isRegularFile();
            assertThat(target.resolve("mix_dep/__init__.py")).isRegularFile();
            assertThat(upstream.requests("/pypi/files/mix_pkg-2.0-py3-none-any.whl")).isEqualTo(1);
        }
    }

    /** Uploads {@code file} with twine as the admin token. */
    private void twineUpload(Path tools, String repositoryUrl, Path file) throws Exception {
        ClientTools.run(work, Map.of("PYTHON_KEYRING_BACKEND", "keyring.backends.null.Keyring"), List.of(
                tools.resolve("twine").toString(), "upload", "--repository-url", repositoryUrl, "--username", "__token__",
                "--password", TOKEN, "--non-interactive", "--disable-progress-bar", file.toString())).succeeded();
    }

    /** pip install of {@code requirements} from {@code index} into {@code target}, logged in by netrc; pip's output. */
    private String pipInstall(Path tools, String index, Path target, String... requirements) throws Exception {
        Path netrc = work.resolve("netrc");
        Files.writeString(netrc, "machine 127.0.0.1\nlogin __token__\npassword " + TOKEN + "\n");
        List<String> command = new java.util.ArrayList<>(List.of(tools.resolve("pip").toString(), "install", "--no-input",
                "--index-url", index, "--target", target.toString()));
        command.addAll(List.of(requirements));
        return ClientTools.run(work, Map.of("NETRC", netrc.toString(), "PIP_NO_CACHE_DIR", "1",
                "PIP_DISABLE_PIP_VERSION_CHECK", "1", "PYTHON_KEYRING_BACKEND", "keyring.backends.null.Keyring"), command)
                .succeeded().output();
    }
}
