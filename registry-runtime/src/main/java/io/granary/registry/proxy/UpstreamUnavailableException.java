package io.granary.registry.proxy;

import java.io.IOException;

/**
 * The upstream could not answer (5xx, 429, timeout, connection refused): what a stale copy is
 * served for, and never remembered as "not found".
 */
public class UpstreamUnavailableException extends IOException {

    public UpstreamUnavailableException(String message) {
        super(message);
    }

    public UpstreamUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
