package io.granary.registry.http;

/** Finds a failure of a given kind inside the wrappers (Mutiny, Vert.x, completion) around it. */
public final class Causes {

    /** Causes followed at most: wrappers nest a few levels, never more. */
    private static final int MAX_DEPTH = 8;

    private Causes() {
    }

    /** The first of {@code failure} and its causes that is a {@code kind}, or null. */
    public static <T extends Throwable> T find(Throwable failure, Class<T> kind) {
        Throwable cause = failure;
        for (int depth = 0; cause != null && depth < MAX_DEPTH; depth++, cause = cause.getCause()) {
            if (kind.isInstance(cause)) {
                return kind.cast(cause);
            }
        }
        return null;
    }
}
