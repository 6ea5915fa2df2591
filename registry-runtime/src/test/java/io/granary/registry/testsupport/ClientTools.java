package io.granary.registry.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs the real package clients that .ci/install-package-clients.sh caches under ~/.cache/granary/tools
 * (twine, pip, uv, helm), each with a bounded time and an environment holding only what the test
 * sets for that client, so nothing from the machine points it anywhere but this test's server.
 */
public final class ClientTools {

    /** What a client printed and how it ended. */
    public record Result(int exit, String output) {
        public Result succeeded() {
            assertThat(exit).as("exit code; output:\n%s", output).isZero();
            return this;
        }
    }

    private static final Duration TIMEOUT = Duration.ofMinutes(3);

    private ClientTools() {
    }

    /** Where the cached tools are: GRANARY_TOOLS_DIR, else ~/.cache/granary/tools (as .ci/install-tools.sh). */
    public static Path toolsDir() {
        String configured = System.getenv("GRANARY_TOOLS_DIR");
        if (configured != null) {
            return Path.of(configured);
        }
        return Path.of(System.getProperty("user.home"), ".cache", "granary", "tools");
    }

    /**
     * The tool's path. Missing tools fail the test under CI (which installs them first) and skip it
     * elsewhere, with the command that installs them.
     */
    public static Path require(String relative) {
        Path tool = toolsDir().resolve(relative);
        if (!Files.isExecutable(tool)) {
            String message = tool + " is missing: run bash .ci/install-tools.sh";
            if ("true".equals(System.getenv("CI"))) {
                throw new AssertionError(message);
            }
            Assumptions.abort(message);
        }
        return tool;
    }

    /** Runs a command in {@code dir} with only PATH, HOME, LANG and {@code env}; output merged. */
    public static Result run(Path dir, Map<String, String> env, List<String> command) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        Map<String, String> environment = builder.environment();
        String path = environment.getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
        environment.clear();
        environment.put("PATH", path);
        environment.put("HOME", dir.toString());
        environment.put("LANG", "C.UTF-8");
        environment.putAll(env);
        Path log = Files.createTempFile(dir, "client", ".log");
        builder.redirectOutput(log.toFile());
        Process process = builder.start();
        if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError(command + " did not finish within " + TIMEOUT + ":\n" + Files.readString(log));
        }
        return new Result(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }
}
