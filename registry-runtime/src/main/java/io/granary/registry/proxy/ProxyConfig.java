package io.granary.registry.proxy;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Settings of proxy repositories: how long an upstream may take and where standalone Secrets live. */
@ConfigMapping(prefix = "granary.proxy")
public interface ProxyConfig {

    /** Time allowed to connect to an upstream. */
    @WithDefault("5s")
    Duration connectTimeout();

    /**
     * Time allowed until an upstream's response headers arrive; a slower upstream counts as down
     * (stale copies are served instead).
     */
    @WithDefault("20s")
    Duration responseTimeout();

    /**
     * Directory of Secrets for the standalone catalog: {@code <dir>/<secret-name>/<key>} files, the layout of a
     * mounted Kubernetes Secret. Defaults to {@code secrets} beside the catalog directory.
     */
    Optional<String> secretsDirectory();

    /**
     * Bytes of a transfer under way kept in memory so a request arriving mid-transfer can follow it from
     * the start; a request arriving later than that waits for the stored copy.
     */
    @WithDefault("16777216")
    long liveReplayBytes();
}
