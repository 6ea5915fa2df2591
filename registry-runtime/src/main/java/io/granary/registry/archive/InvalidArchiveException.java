package io.granary.registry.archive;

/** An uploaded archive is not what it claims to be; the message says why, for the client. */
public class InvalidArchiveException extends Exception {

    public InvalidArchiveException(String message) {
        super(message, null, false, false);
    }
}
