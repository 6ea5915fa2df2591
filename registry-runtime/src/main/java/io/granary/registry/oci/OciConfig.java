package io.granary.registry.oci;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Settings of the OCI Distribution endpoints under {@code granary.oci.*}. */
@ConfigMapping(prefix = "granary.oci")
public interface OciConfig {

    /** Largest manifest accepted; larger ones get 413 (the spec suggests at least 4 MiB). */
    @WithDefault("4194304")
    int manifestMaxBytes();

    /**
     * Whether clients are challenged with the Docker token flow (Bearer, short-lived signed tokens
     * from {@code /v2/token}). When false they are challenged with Basic and send the Granary token
     * as the password on every request.
     */
    @WithDefault("true")
    boolean tokenFlow();

    /** How long an issued registry token is valid. */
    @WithDefault("5m")
    Duration tokenTtl();

    /** The {@code service} named in challenges and tokens; defaults to the Host the client used. */
    Optional<String> service();

    /** Most entries one page of tags, catalog or referrers holds, whatever {@code n} asks. */
    @WithDefault("1000")
    int maxPageSize();
}
