package io.granary.registry.proxy;

import java.util.Map;
import java.util.Optional;

/** Reads the Secret a proxy repository names for its upstream credentials. */
public interface UpstreamSecrets {

    /** The Secret's keys and (decoded) values, or empty when it does not exist. */
    Optional<Map<String, String>> read(String name);
}
