package io.granary.registry.lifecycle.replication;

import java.time.Instant;

/**
 * One thing a replication copies: a generic file (key = path) or an OCI tag (key = image:tag).
 *
 * @param digest   sha256 hex the source reports, when its listing says (generic), else null
 * @param modified when the source last changed it, for the lag; null when unknown
 */
record Item(String key, String digest, long size, Instant modified) {
}
