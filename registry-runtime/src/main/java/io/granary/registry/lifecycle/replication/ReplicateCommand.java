package io.granary.registry.lifecycle.replication;

import java.nio.file.Files;

/**
 * {@code granary replicate}: one run without starting the server, for a Job. Prints the result as one JSON line
 * (and writes it to --report-file); exits 0 when the target is in sync, 1 when items failed, 2 on bad options.
 */
public final class ReplicateCommand {

    private ReplicateCommand() {
    }

    public static int run(String[] args) {
        ReplicateOptions options;
        try {
            options = ReplicateOptions.parse(args, System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            return 2;
        }
        try {
            ReplicationResult result = new Replicator(options).run();
            String json = Remote.JSON.writeValueAsString(result);
            System.out.println(json);
            if (options.reportFile().isPresent()) {
                Files.writeString(options.reportFile().get(), json + "\n");
            }
            return result.inSync() ? 0 : 1;
        } catch (Exception e) {
            System.err.println("replication failed: " + e.getMessage());
            return 1;
        }
    }
}
