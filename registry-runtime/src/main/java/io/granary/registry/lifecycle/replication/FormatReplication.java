package io.granary.registry.lifecycle.replication;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * How one format is listed at the source and written to the target through its own HTTP API, so the target renders
 * its own metadata. The engine ({@link Replicator}) decides what runs when; a format only knows its protocol.
 */
abstract class FormatReplication {

    protected final Remote source;
    protected final Remote target;
    protected final Transfer transfer;

    FormatReplication(Remote source, Remote target, Transfer transfer) {
        this.source = source;
        this.target = target;
        this.transfer = transfer;
    }

    /** Every item of the source repository. */
    abstract List<Item> list() throws IOException, InterruptedException;

    /** Copies the item unless the target already holds the same digest; true when something was copied. */
    abstract boolean copy(Item item) throws IOException, InterruptedException;

    /**
     * Streams a stored file into a PUT on the target unless the target already serves the same sha256; the sha256
     * goes along so a target that checks it refuses a corrupted copy. True when copied.
     */
    protected boolean putUnlessPresent(String sourcePath, String targetPath, String sha256) throws IOException, InterruptedException {
        if (sha256 != null && sha256.equals(target.sha256(targetPath))) {
            return false;
        }
        transfer.copy(source, sourcePath, target, "PUT", targetPath, sha256 == null ? Map.of() : Map.of("X-Checksum-Sha256", sha256))
                .expect(200, 201, 204);
        return true;
    }
}
