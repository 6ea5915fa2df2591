package io.granary.registry.oci;

import static org.assertj.core.api.Assertions.assertThat;

import io.granary.registry.testsupport.GranaryTestResources;
import io.quarkus.test.common.http.TestHTTPResource;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Runs the official OCI distribution-spec conformance suite (built by {@code .ci/oci-tools.sh})
 * against this runtime: pull, push, content discovery and content management. Reports stay under
 * {@code target/oci-conformance/<variant>/} (junit.xml, report.html, results.yaml).
 * The suite's sha512 data is on: blobs, mounts and manifests addressed by {@code sha512:} digests.
 */
abstract class OciConformanceContract {

    private static final Pattern TESTS = Pattern.compile("<testsuites[^>]*tests=\"(\\d+)\"");

    @TestHTTPResource("/")
    URI base;

    /** Short name of the variant, for the results directory and the repository names. */
    abstract String variant();

    static Path conformanceBinary() {
        String dir = System.getenv("GRANARY_TOOLS_DIR");
        Path tools = dir != null ? Path.of(dir) : Path.of(System.getProperty("user.home"), ".cache", "granary", "tools");
        return tools.resolve("bin").resolve("oci-conformance");
    }

    @Test
    void conformanceSuitePasses() throws Exception {
        Path binary = conformanceBinary();
        if (!Files.isExecutable(binary)) {
            // CI installs it (.ci/install-tools.sh); a developer without Go may run the rest.
            assertThat(System.getenv("CI")).as("CI must have built " + binary + " (bash .ci/oci-tools.sh)").isNull();
            Assumptions.abort("no conformance suite at " + binary + "; build it with: bash .ci/oci-tools.sh");
        }
        Path results = Path.of("target", "oci-conformance", variant()).toAbsolutePath();
        Files.createDirectories(results);
        ProcessBuilder builder = new ProcessBuilder(binary.toString())
                .directory(results.toFile())
                .redirectErrorStream(true)
                .redirectOutput(results.resolve("output.txt").toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(k -> k.startsWith("OCI_"));
        env.put("OCI_REGISTRY", "127.0.0.1:" + base.getPort());
        env.put("OCI_TLS", "disabled");
        env.put("OCI_REPO1", "oci-local/conformance-" + variant() + "/repo1");
        env.put("OCI_REPO2", "oci-local/conformance-" + variant() + "/repo2");
        env.put("OCI_USERNAME", "conformance");
        env.put("OCI_PASSWORD", GranaryTestResources.ADMIN_TOKEN);
        env.put("OCI_RESULTS_DIR", results.toString());
        env.put("OCI_API_BLOBS_DIGEST_HEADER", "true");
        env.put("OCI_API_MANIFESTS_DIGEST_HEADER", "true");
        env.put("OCI_API_BLOBS_UPLOAD_CANCEL", "true");
        env.put("OCI_DATA_SHA512", "true");
        Process process = builder.start();
        boolean finished = process.waitFor(5, TimeUnit.MINUTES);
        if (!finished) {
            process.destroyForcibly();
        }
        String output = Files.readString(results.resolve("output.txt"), StandardCharsets.UTF_8);
        String junit = Files.isRegularFile(results.resolve("junit.xml"))
                ? Files.readString(results.resolve("junit.xml"), StandardCharsets.UTF_8) : "";
        System.out.println("OCI conformance (" + variant() + "): " + summary(junit) + "\n" + tail(output));
        assertThat(finished).as("conformance suite finished within 5 minutes").isTrue();
        assertThat(results.resolve("report.html")).exists();
        assertThat(failures(junit)).as(output).isZero();
        assertThat(process.exitValue()).as(output).isZero();
    }

    private static int failures(String junit) {
        if (junit.isEmpty()) {
            return -1;
        }
        return junit.split("<failure", -1).length - 1 + junit.split("<error", -1).length - 1;
    }

    private static String summary(String junit) {
        Matcher t = TESTS.matcher(junit);
        return (t.find() ? t.group(1) : "?") + " tests, " + failures(junit) + " failures";
    }

    private static String tail(String output) {
        List<String> lines = output.lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 45), lines.size()));
    }
}
