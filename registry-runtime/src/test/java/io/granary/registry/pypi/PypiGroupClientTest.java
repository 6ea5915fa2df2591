package io.granary.registry.pypi;

import static org.assertj.core.api.Assertions.assertThat;

import io.granary.registry.group.GroupTestResources;
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
 * and pip installs distributions of both members through the group's simple pages.
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
        Map<String, String> env = Map.of("PYTHON_KEYRING_BACKEND", "keyring.backends.null.Keyring");
        for (String[] upload : new String[][] {{"pypi-group", one.toString()}, {"pypi-b", two.toString()}}) {
            ClientTools.run(work, env, List.of(tools.resolve("twine").toString(), "upload", "--repository-url",
                    base + upload[0] + "/", "--username", "__token__", "--password", TOKEN, "--non-interactive",
                    "--disable-progress-bar", upload[1])).succeeded();
        }
        assertThat(io.restassured.RestAssured.given().auth().preemptive().basic("__token__", TOKEN)
                .get("/pypi/pypi-a/simple/grp-one/").statusCode()).isEqualTo(200);

        Path netrc = work.resolve("netrc");
        Files.writeString(netrc, "machine 127.0.0.1\nlogin __token__\npassword " + TOKEN + "\n");
        Path target = work.resolve("site");
        String output = ClientTools.run(work, Map.of("NETRC", netrc.toString(), "PIP_NO_CACHE_DIR", "1",
                "PIP_DISABLE_PIP_VERSION_CHECK", "1", "PYTHON_KEYRING_BACKEND", "keyring.backends.null.Keyring"),
                List.of(tools.resolve("pip").toString(), "install", "--no-input", "--index-url",
                        base + "pypi-group/simple/", "--target", target.toString(), "grp-one==1.0", "grp-two")).succeeded()
                .output();
        assertThat(output).contains("/pypi/pypi-group/files/");
        assertThat(target.resolve("grp_one/__init__.py")).isRegularFile();
        assertThat(target.resolve("grp_two/__init__.py")).isRegularFile();
    }
}
