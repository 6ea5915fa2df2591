package io.granary.registry;

import io.granary.registry.standalone.DatabaseUrlEnvironment;
import io.granary.registry.standalone.LocalPostgres;
import io.granary.registry.standalone.StandaloneLauncher;
import io.granary.registry.standalone.StandaloneOptions;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import java.util.Arrays;

/**
 * Entry point of the registry runtime. {@code standalone} starts the embedded default (embedded
 * PostgreSQL, filesystem storage, sample repositories); without it the runtime takes its
 * configuration from the environment, as in a Registry's pods. {@code replicate} runs one replication and exits.
 */
@QuarkusMain
public final class GranaryMain {

    private GranaryMain() {
    }

    public static void main(String... args) throws Exception {
        // The embedded database logs through java.util.logging before Quarkus boots; route it to
        // Quarkus' log manager from the first line so every log line has one format.
        System.setProperty("java.util.logging.manager", "org.jboss.logmanager.LogManager");
        if (args.length > 0 && args[0].equals("replicate")) {
            // A Job's run: an HTTP client between two registries, no server, no database.
            System.exit(io.granary.registry.lifecycle.replication.ReplicateCommand.run(Arrays.copyOfRange(args, 1, args.length)));
            return;
        }
        LocalPostgres embedded = null;
        if (args.length > 0 && args[0].equals("standalone")) {
            StandaloneOptions options;
            try {
                options = StandaloneOptions.parse(Arrays.copyOfRange(args, 1, args.length), System.getenv());
            } catch (IllegalArgumentException e) {
                System.err.println(e.getMessage());
                System.exit(2);
                return;
            }
            embedded = StandaloneLauncher.prepare(options);
        } else {
            // In a Registry's pods the operator hands over the database as one PostgreSQL URL from a Secret.
            DatabaseUrlEnvironment.apply(System.getenv("GRANARY_DATABASE_URL"));
        }
        try {
            Quarkus.run(args);
        } finally {
            if (embedded != null) {
                embedded.close();
            }
        }
    }
}
