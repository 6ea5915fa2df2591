package io.granary.registry.maven;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the machine's unmodified {@code mvn} on a generated project, as a user would, with its own
 * settings.xml and local repository. Every run is bounded in time.
 */
final class MavenCli {

    /** Exit code and combined output of one run. */
    record Run(int exitCode, String output) {
    }

    private static final long TIMEOUT_MINUTES = 4;

    private MavenCli() {
    }

    /** Whether {@code mvn} is on the PATH. */
    static boolean available() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "mvn"))) {
                return true;
            }
        }
        return false;
    }

    static Run run(Path project, Path settings, Path localRepository, String... goals)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("mvn", "-B", "-e", "-ntp", "-s", settings.toString(),
                "-Dmaven.repo.local=" + localRepository, "-Dmaven.test.skip=true"));
        command.addAll(List.of(goals));
        Path log = Files.createTempFile(project, "mvn-", ".log");
        ProcessBuilder builder = new ProcessBuilder(command).directory(project.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        // The child must not inherit options (e.g. a debug agent or another local repository) from this build.
        builder.environment().remove("MAVEN_OPTS");
        builder.environment().remove("MAVEN_ARGS");
        Process process = builder.start();
        if (!process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError("mvn " + String.join(" ", goals) + " did not finish in " + TIMEOUT_MINUTES
                    + " minutes; output:\n" + Files.readString(log));
        }
        return new Run(process.exitValue(), Files.readString(log));
    }
}
