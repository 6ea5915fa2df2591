package io.granary.registry.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Runtime settings under {@code granary.*} that are not specific to one area's SPI. */
@ConfigMapping(prefix = "granary")
public interface GranaryConfig {

    /** Directory for local state (blobs on the filesystem backend, standalone database, admin token file). */
    @WithDefault("granary-data")
    String dataDir();

    /** Where repository definitions come from. */
    Catalog catalog();

    /** Authentication settings. */
    Auth auth();

    /** Upload path tuning. */
    Upload upload();

    /** Service-level indicator windows. */
    Sli sli();

    /** Settings of the repository catalog. */
    interface Catalog {
        /** Directory of Repository YAML files (the CR schema) read by the standalone catalog. */
        @WithDefault("config/samples")
        String directory();

        /** How often the directory is rescanned for changed files. */
        @WithDefault("2s")
        Duration rescanInterval();
    }

    /** Settings of token authentication. */
    interface Auth {
        /**
         * Token that is granted admin on every repository at start-up. The standalone launcher
         * generates one at first start; only its hash is stored in the database.
         */
        Optional<String> adminToken();

        /** How long a resolved token stays cached in memory (revocation takes effect within it). */
        @WithDefault("10s")
        Duration cacheTtl();

        /** Realm announced in {@code WWW-Authenticate} challenges. */
        @WithDefault("Granary")
        String realm();
    }

    /** Settings of streamed uploads. */
    interface Upload {
        /** Bytes gathered from the network before one write-and-hash step on a worker thread. */
        @WithDefault("1048576")
        int batchBytes();

        /** Largest single upload accepted when the repository sets no quota (0 = unlimited). */
        @WithDefault("0")
        long maxBytes();
    }

    /** Settings of the SLI snapshot that the operator reads. */
    interface Sli {
        /** Longest window a snapshot can cover; older samples are dropped. */
        @WithDefault("60m")
        Duration maxWindow();

        /** Width of one sample bucket. */
        @WithDefault("10s")
        Duration bucket();
    }
}
