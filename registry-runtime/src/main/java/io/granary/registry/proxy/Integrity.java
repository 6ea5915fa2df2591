package io.granary.registry.proxy;

import io.granary.registry.storage.ExpectedChecksums;
import java.io.IOException;

/**
 * What the upstream publishes about an item's bytes, learnt before they are stored: a digest in the
 * item's name or in an index, a checksum file beside it, or a checksum header. Runs on a worker.
 */
@FunctionalInterface
public interface Integrity {

    /** Nothing is published: the bytes are taken as they come (TLS protects the transfer). */
    Integrity NONE = response -> ExpectedChecksums.NONE;

    /** The checksums the bytes of {@code response} must have. */
    ExpectedChecksums expected(UpstreamResponse response) throws IOException;

    /** Known in advance (from an index or the name). */
    static Integrity known(ExpectedChecksums expected) {
        return response -> expected;
    }
}
