package io.granary.registry.proxy;

import java.io.IOException;

/** The upstream (or a redirect) points somewhere a proxy may not go; a configuration error, not an outage. */
public class UpstreamRefusedException extends IOException {

    public UpstreamRefusedException(String message) {
        super(message);
    }
}
