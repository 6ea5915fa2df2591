package io.granary.registry.proxy;

import java.io.IOException;

/** Upstream content does not match the checksum or digest the upstream itself publishes; never cached. */
public class IntegrityException extends IOException {

    public IntegrityException(String message) {
        super(message);
    }
}
