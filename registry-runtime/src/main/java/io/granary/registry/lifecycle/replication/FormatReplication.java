package io.granary.registry.lifecycle.replication;

import java.io.IOException;
import java.util.List;

/** How one format is listed and copied through its own HTTP API, so the target renders its own metadata. */
interface FormatReplication {

    /** Every item of the source repository. */
    List<Item> list() throws IOException, InterruptedException;

    /** Copies the item unless the target already holds the same digest; true when something was copied. */
    boolean copy(Item item) throws IOException, InterruptedException;
}
