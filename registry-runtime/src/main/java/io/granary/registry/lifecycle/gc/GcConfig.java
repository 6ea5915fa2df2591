package io.granary.registry.lifecycle.gc;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Garbage collection of blobs: how long a blob must stay unreferenced before its bytes are removed. */
@ConfigMapping(prefix = "granary.gc")
public interface GcConfig {

    /** A blob is swept only after it has been unreferenced (and, for orphan bytes, unwritten) this long. */
    @WithDefault("1h")
    Duration grace();

    /** The shortest grace an admin request may ask for; protects uploads that are still committing. */
    @WithDefault("5m")
    Duration minGrace();

    /** Blobs removed per transaction: row locks are held while their bytes are deleted. */
    @WithDefault("200")
    int batchSize();
}
