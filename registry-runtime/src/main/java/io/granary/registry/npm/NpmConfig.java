package io.granary.registry.npm;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the npm protocol under {@code granary.npm}. */
@ConfigMapping(prefix = "granary.npm")
public interface NpmConfig {

    /**
     * Largest publish request accepted (the JSON document with the base64 tarball, about 4/3 of the
     * tarball). The document is held in memory while it is checked, so this bounds memory per publish.
     */
    @WithDefault("67108864")
    long maxPublishBytes();
}
