package io.granary.registry.core;

/** A request path that Granary refuses to map onto storage; the message says why, for the client. */
public class InvalidPathException extends Exception {
    public InvalidPathException(String message) {
        super(message, null, false, false);
    }
}
