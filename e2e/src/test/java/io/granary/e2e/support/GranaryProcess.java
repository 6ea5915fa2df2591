package io.granary.e2e.support;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** The packaged registry runtime ({@code quarkus-run.jar standalone}) as a real OS process. */
public final class GranaryProcess implements AutoCloseable {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(180);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);
    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    private static final HttpClient HEALTH_CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();

    private final String name;
    private final int port;
    private final Path dataDir;
    private final Process process;
    private final Path logFile;

    private GranaryProcess(String name, int port, Path dataDir, Process process, Path logFile) {
        this.name = name;
        this.port = port;
        this.dataDir = dataDir;
        this.process = process;
        this.logFile = logFile;
    }

    /**
     * Starts the runtime and waits until {@code /q/health/ready} answers 200.
     *
     * @param pgUrl an external PostgreSQL ({@code GRANARY_PG_URL}), or null for the embedded one
     *              the runtime keeps in its data dir
     */
    public static GranaryProcess start(String name, int port, Path dataDir, Path reposDir, String adminToken,
            String pgUrl) {
        return start(name, port, dataDir, reposDir, adminToken, pgUrl, java.util.Map.of());
    }

    /** Like {@link #start(String, int, Path, Path, String, String)}, with extra environment (e.g. S3 storage). */
    public static GranaryProcess start(String name, int port, Path dataDir, Path reposDir, String adminToken,
            String pgUrl, java.util.Map<String, String> extraEnv) {
        Path jar = runtimeDir().resolve("quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("No packaged runtime at " + jar + "; run: mvn -B install -DskipTests");
        }
        Path logFile = logDir().resolve(String.format("%03d-%s.log", SEQUENCE.incrementAndGet(), name));
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString(), "standalone",
                "--port", Integer.toString(port),
                "--data-dir", dataDir.toString(),
                "--admin-token", adminToken,
                "--repositories", reposDir.toString()));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        builder.environment().keySet().removeIf(k -> k.startsWith("GRANARY_"));
        if (pgUrl != null) {
            builder.environment().put("GRANARY_PG_URL", pgUrl);
        }
        builder.environment().putAll(extraEnv);
        Process process;
        try {
            Files.createDirectories(dataDir);
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
        GranaryProcess granary = new GranaryProcess(name, port, dataDir, process, logFile);
        try {
            granary.awaitReady();
        } catch (RuntimeException | Error e) {
            granary.kill9();
            throw e;
        }
        return granary;
    }

    private void awaitReady() {
        URI health = baseUrl().resolve("/q/health/ready");
        await(name + " ready on port " + port)
                .atMost(READY_TIMEOUT)
                .pollInterval(Duration.ofMillis(200))
                .ignoreExceptionsInstanceOf(IOException.class)
                .until(() -> {
                    if (!process.isAlive()) {
                        throw new IllegalStateException(name + " exited with " + process.exitValue()
                                + " while starting; log " + logFile + ":\n" + logTail());
                    }
                    HttpResponse<Void> response = HEALTH_CLIENT.send(
                            HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(5)).build(),
                            HttpResponse.BodyHandlers.discarding());
                    return response.statusCode() == 200;
                });
    }

    /** Graceful stop (SIGTERM); fails if the process needs longer than a minute. */
    public void stop() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                kill9();
                throw new AssertionError(name + " did not stop within " + STOP_TIMEOUT + " of SIGTERM");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill9();
        }
    }

    /** SIGKILL, as a crashed node or an OOM kill would end it; returns once the process is gone. */
    public void kill9() {
        process.destroyForcibly();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new AssertionError(name + " survived SIGKILL for 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Processes other than this JVM's children whose command line names the data dir (e.g. a leaked postgres). */
    public static List<ProcessHandle> processesUsing(Path dir) {
        String needle = dir.toAbsolutePath().toString();
        return ProcessHandle.allProcesses()
                .filter(p -> p.pid() != ProcessHandle.current().pid())
                .filter(p -> p.info().commandLine().map(c -> c.contains(needle)).orElse(false))
                .toList();
    }

    /** Ends, by pid, whatever still runs on the data dir, so a leak in one test cannot break the next. */
    public static void killLeftovers(Path dir) {
        for (ProcessHandle leftover : processesUsing(dir)) {
            System.err.println("WARNING: still running on " + dir + ": " + leftover.pid() + " "
                    + leftover.info().commandLine().orElse("?"));
            leftover.destroyForcibly();
            leftover.onExit().orTimeout(30, TimeUnit.SECONDS).exceptionally(t -> null).join();
        }
    }

    @Override
    public void close() {
        try {
            stop();
        } finally {
            if (process.isAlive()) {
                kill9();
            }
        }
    }

    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public Path dataDir() {
        return dataDir;
    }

    public Path logFile() {
        return logFile;
    }

    /** The last lines of the process log, for failure messages. */
    public String logTail() {
        try {
            List<String> lines = Files.readAllLines(logFile, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** A TCP port that was free on 127.0.0.1 a moment ago. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path runtimeDir() {
        String dir = System.getProperty("granary.runtime.dir");
        return dir != null ? Path.of(dir) : Path.of("..", "registry-runtime", "target", "quarkus-app");
    }

    private static Path logDir() {
        Path dir = Path.of(System.getProperty("granary.e2e.log.dir", "target/e2e-logs"));
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return name + "(pid " + process.pid() + ", " + baseUrl() + ")";
    }
}
