package io.granary.registry.observability;

import java.util.Locale;

/** The kinds of request that metrics and SLIs are kept for; pulls and pushes have SLOs. */
public enum Operation {
    PULL, PUSH, DELETE, LIST;

    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
