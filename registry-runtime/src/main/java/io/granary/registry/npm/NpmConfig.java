package io.granary.registry.npm;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Settings of the npm protocol under {@code granary.npm}. */
@ConfigMapping(prefix = "granary.npm")
public interface NpmConfig {

    /**
     * Largest publish request accepted (the JSON document with the base64 tarball, about 4/3 of the
     * tarball). The document is held in memory while it is checked, so this bounds memory per publish.
     */
    @WithDefault("67108864")
    long maxPublishBytes();

    /**
     * How long a token from {@code npm login} stays valid (never longer than the token the login
     * proved). A logout revokes it sooner.
     */
    @WithDefault("30D")
    Duration loginTokenLifetime();

    /** How long an {@code npm login --auth-type=web} session waits for the browser side. */
    @WithDefault("10M")
    Duration webLoginTimeout();
}
