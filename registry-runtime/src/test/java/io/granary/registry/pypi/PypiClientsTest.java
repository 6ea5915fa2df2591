package io.granary.registry.pypi;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.granary.registry.testsupport.ClientTools;
import io.granary.registry.testsupport.GranaryTestResources;
import io.granary.registry.testsupport.TestRepositories;
import io.granary.registry.testsupport.Tokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real clients against a PyPI repository: packages built with {@code python -m build}, published
 * with twine, installed with pip (index and credentials from pip.conf and netrc) and uv. Every client
 * is pointed only at this test's server.
 */
@QuarkusTest
@QuarkusTestResource(value = GranaryTestResources.class, restrictToAnnotatedClass = true)
class PypiClientsTest {

    @TempDir
    Path work;

    private Path venvTools() {
        return ClientTools.require("python-clients/bin/python").getParent();
    }

    private String index() {
        return "http://127.0.0.1:" + RestAssured.port + "/pypi/" + TestRepositories.PYPI + "/";
    }

    /** Builds a wheel and an sdist of a one-module project; returns the dist folder. */
    private Path build(String name, String version, String requiresPython) throws Exception {
        Path project = Files.createTempDirectory(work, "src-" + name + "-" + version + "-");
        String module = name.replace('-', '_');
        Files.createDirectories(project.resolve(module));
        Files.writeString(project.resolve(module + "/__init__.py"), "VERSION = '" + version + "'\n");
        Files.writeString(project.resolve("pyproject.toml"), """
                [build-system]
                requires = ["setuptools"]
                build-backend = "setuptools.build_meta"

                [project]
                name = "%s"
                version = "%s"
                description = "Granary client test package"
                requires-python = "%s"
                """.formatted(name, version, requiresPython));
        ClientTools.run(project, Map.of(), List.of(venvTools().resolve("python").toString(), "-m", "build",
                "--no-isolation", "--outdir", "dist", ".")).succeeded();
        return project.resolve("dist");
    }

    private ClientTools.Result twine(String token, Path dist, String... extra) throws Exception {
        List<String> command = new ArrayList<>(List.of(venvTools().resolve("twine").toString(), "upload",
                "--repository-url", index(), "--username", "__token__", "--password", token,
                "--non-interactive", "--disable-progress-bar"));
        command.addAll(List.of(extra));
        try (Stream<Path> files = Files.list(dist)) {
            files.sorted().forEach(f -> command.add(f.toString()));
        }
        return ClientTools.run(work, Map.of("PYTHON_KEYRING_BACKEND", "keyring.backends.null.Keyring"), command);
    }

    /** pip with index and credentials from files, as a person or CI job would configure it. */
    private ClientTools.Result pip(Path venv, String reader, String... args) throws Exception {
        Path config = work.resolve("pip.conf");
        Files.writeString(config, "[global]\nindex-url = " + index() + "simple/\nno-input = true\n"
                + "disable-pip-version-check = true\nno-cache-dir = true\n");
        Path netrc = work.resolve("netrc");
        Files.writeString(netrc, "machine 127.0.0.1\nlogin __token__\npassword " + reader + "\n");
        List<String> command = new ArrayList<>(List.of(venv.resolve("bin/pip").toString()));
        command.addAll(List.of(args));
        return ClientTools.run(work, Map.of("PIP_CONFIG_FILE", config.toString(), "NETRC", netrc.toString(),
                "PYTHON_KEYRING_BACKEND", "keyring.backends.null.Keyring"), command);
    }

    private Path freshVenv(String name) throws Exception {
        Path venv = work.resolve(name);
        ClientTools.run(work, Map.of(), List.of("python3", "-m", "venv", venv.toString())).succeeded();
        return venv;
    }

    private String installedVersion(Path venv, String module) throws Exception {
        return ClientTools.run(work, Map.of(), List.of(venv.resolve("bin/python").toString(), "-c",
                "import " + module + "; print(" + module + ".VERSION)")).succeeded().output().strip();
    }

    @Test
    void twinePublishesAndPipAndUvInstall() throws Exception {
        String writer = Tokens.issue("twine-ci", TestRepositories.PYPI, "writer");
        String reader = Tokens.issue("pip-reader", TestRepositories.PYPI, "reader");
        Path hello1 = build("granary-hello", "1.0.0", ">=3.8");
        Path hello2 = build("granary-hello", "1.1.0", ">=3.8");
        Path future = build("granary-hello", "2.0.0", ">=4");
        twine(writer, hello1).succeeded();
        twine(writer, hello2).succeeded();
        twine(writer, future).succeeded();
        // Byte-identical again: an idempotent success.
        twine(writer, hello1).succeeded();
        // A rebuilt package under the same names has other bytes: refused, and twine shows why. (twine 7
        // allows --skip-existing only for PyPI itself, so that flag cannot be shown here.)
        Path rebuilt = build("granary-hello", "1.0.0", ">=3.9");
        ClientTools.Result clash = twine(writer, rebuilt);
        assertThat(clash.exit()).isNotZero();
        assertThat(clash.output()).contains("File already exists");
        // Readers may not publish.
        assertThat(twine(reader, hello1).output()).contains("403");

        // 1.1.0 yanked: pip skips it unless pinned exactly; 2.0.0 needs Python 4.
        given().auth().oauth2(GranaryTestResources.ADMIN_TOKEN).contentType("application/json")
                .body(Map.of("reason", "bad release")).put("/api/v1/repositories/" + TestRepositories.PYPI
                        + "/pypi/projects/granary-hello/versions/1.1.0/yank").then().statusCode(200);

        Path venv = freshVenv("venv-pip");
        pip(venv, reader, "install", "granary-hello").succeeded();
        assertThat(installedVersion(venv, "granary_hello")).isEqualTo("1.0.0");
        pip(venv, reader, "install", "granary-hello==1.1.0").succeeded();
        assertThat(installedVersion(venv, "granary_hello")).isEqualTo("1.1.0");
        assertThat(pip(venv, reader, "install", "granary-hello==2.0.0").exit()).isNotZero();

        Path downloads = Files.createDirectories(work.resolve("downloads"));
        pip(venv, reader, "download", "--no-deps", "--only-binary", ":all:", "-d", downloads.toString(),
                "granary-hello==1.0.0").succeeded();
        Path wheel = downloads.resolve("granary_hello-1.0.0-py3-none-any.whl");
        assertThat(sha256(wheel)).isEqualTo(sha256(hello1.resolve("granary_hello-1.0.0-py3-none-any.whl")));

        Path uvVenv = freshVenv("venv-uv");
        Map<String, String> uvEnv = new HashMap<>(Map.of("UV_NO_CACHE", "1", "UV_PYTHON_DOWNLOADS", "never",
                "UV_NO_CONFIG", "1"));
        String authIndex = index().replace("http://", "http://__token__:" + reader + "@") + "simple/";
        ClientTools.run(work, uvEnv, List.of(venvTools().resolve("uv").toString(), "pip", "install",
                "--python", uvVenv.resolve("bin/python").toString(), "--index-url", authIndex, "granary-hello")).succeeded();
        assertThat(installedVersion(uvVenv, "granary_hello")).isEqualTo("1.0.0");
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
