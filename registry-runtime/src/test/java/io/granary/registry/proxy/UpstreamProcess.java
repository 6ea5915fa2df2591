package io.granary.registry.proxy;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Waiting for a test upstream's process to listen, and stopping it: politely, then forcibly, bounded in time. */
final class UpstreamProcess {

    private UpstreamProcess() {
    }

    static void stop(Process process) {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits until {@code process} accepts connections on 127.0.0.1:{@code port}; fails with its {@code log} if it exits. */
    static void awaitPort(Process process, int port, Path log, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                if (!process.isAlive()) {
                    throw new IllegalStateException(process.info().command().orElse("upstream") + " exited: "
                            + Files.readString(log));
                }
                Thread.sleep(50);
            }
        }
        throw new IllegalStateException("the upstream did not listen on " + port + " within " + timeout);
    }
}
