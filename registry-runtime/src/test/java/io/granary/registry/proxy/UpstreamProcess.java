package io.granary.registry.proxy;

import java.util.concurrent.TimeUnit;

/** Stopping a test upstream's process: politely, then forcibly, bounded in time. */
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
}
