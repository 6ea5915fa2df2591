package io.granary.registry.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A real CNCF distribution registry (Debian's docker-registry, installed by .ci/install-tools.sh) on
 * 127.0.0.1 storing into a directory: the upstream of OCI proxy tests. Outside CI the test is skipped
 * when the binary is missing; under CI=true a missing binary fails it.
 */
public final class DockerRegistryUpstream implements AutoCloseable {

    private static final Path BINARY = Path.of("/usr/bin/docker-registry");

    private final Path base;
    private final int port;
    private Process process;

    /** A registry keeping its files and log under {@code base}. */
    public DockerRegistryUpstream(Path base) {
        if (!Files.isExecutable(BINARY)) {
            assertThat(System.getenv("CI")).as("CI must have installed docker-registry (.ci/install-tools.sh)").isNull();
            org.junit.jupiter.api.Assumptions.abort("docker-registry is not installed; run bash .ci/install-tools.sh");
        }
        this.base = base;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
            Files.createDirectories(base);
            Files.writeString(base.resolve("registry.yml"), """
                    version: 0.1
                    log: {level: error, accesslog: {disabled: true}}
                    storage:
                      filesystem: {rootdirectory: %s}
                    http: {addr: 127.0.0.1:%d}
                    """.formatted(base.resolve("registry-data"), port));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts the registry and waits (bounded) until it accepts connections. */
    public DockerRegistryUpstream start() throws IOException, InterruptedException {
        process = new ProcessBuilder(BINARY.toString(), "serve", base.resolve("registry.yml").toString())
                .redirectErrorStream(true).redirectOutput(base.resolve("registry.log").toFile()).start();
        UpstreamProcess.awaitPort(process, port, base.resolve("registry.log"), Duration.ofSeconds(20));
        return this;
    }

    /** {@code 127.0.0.1:<port>}, as image references name it. */
    public String hostPort() {
        return "127.0.0.1:" + port;
    }

    public String url() {
        return "http://" + hostPort() + "/";
    }

    public void stop() {
        UpstreamProcess.stop(process);
        process = null;
    }

    @Override
    public void close() {
        stop();
    }
}
