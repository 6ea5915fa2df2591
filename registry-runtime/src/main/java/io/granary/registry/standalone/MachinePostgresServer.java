package io.granary.registry.standalone;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * PostgreSQL from the machine's own packages ({@code /usr/lib/postgresql/<major>/bin}), on a private
 * data directory {@code <data>/pg<major>}. PostgreSQL refuses to run as root, so as root the
 * commands run as the {@code postgres} system user, which then owns the directory.
 */
final class MachinePostgresServer implements LocalPostgres {

    private static final Path INSTALL_ROOT = Path.of("/usr/lib/postgresql");
    private static final long COMMAND_TIMEOUT_SECONDS = 120;

    private final Path bin;
    private final Path dataDir;
    private final int port;
    private final boolean asPostgresUser;

    private MachinePostgresServer(Path bin, Path dataDir, int port, boolean asPostgresUser) {
        this.bin = bin;
        this.dataDir = dataDir;
        this.port = port;
        this.asPostgresUser = asPostgresUser;
    }

    /** The newest installed server's bin directory, if any. */
    static Optional<Path> findBinaries() {
        if (!Files.isDirectory(INSTALL_ROOT)) {
            return Optional.empty();
        }
        List<Path> candidates = new ArrayList<>();
        try (DirectoryStream<Path> versions = Files.newDirectoryStream(INSTALL_ROOT)) {
            for (Path version : versions) {
                Path bin = version.resolve("bin");
                if (Files.isExecutable(bin.resolve("postgres")) && Files.isExecutable(bin.resolve("initdb"))
                        && Files.isExecutable(bin.resolve("pg_ctl"))) {
                    candidates.add(bin);
                }
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        return candidates.stream().max(Comparator.comparingInt(MachinePostgresServer::majorOf));
    }

    static MachinePostgresServer start(Path bin, Path standaloneDataDir, int port) throws IOException {
        boolean root = "root".equals(System.getProperty("user.name"));
        Path dataDir = standaloneDataDir.resolve("pg" + majorOf(bin));
        if (root) {
            requireReachableByOthers(standaloneDataDir.toAbsolutePath());
        }
        var server = new MachinePostgresServer(bin, dataDir, port, root);
        server.initIfNeeded();
        server.stopOrphan();
        server.run("pg_ctl", "-D", dataDir.toString(), "-l", dataDir.resolve("server.log").toString(), "-w",
                "-t", "60", "-o", "-p " + server.port + " -c listen_addresses=127.0.0.1 -c unix_socket_directories=''",
                "start");
        // Quarkus ends the JVM on SIGINT/SIGTERM without returning to main: stop the server from a hook.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.close();
            } catch (IOException ignored) {
                // Already stopped (close() ran from main) or the machine is going down anyway.
            }
        }, "granary-postgres-stop"));
        return server;
    }

    @Override
    public PostgresUrl url() {
        return new PostgresUrl("127.0.0.1", port, "postgres", "postgres", "");
    }

    @Override
    public synchronized void close() throws IOException {
        if (Files.exists(dataDir.resolve("postmaster.pid"))) {
            run("pg_ctl", "-D", dataDir.toString(), "-m", "fast", "-w", "stop");
        }
    }

    @Override
    public String toString() {
        return "the machine's PostgreSQL " + majorOf(bin) + " in " + dataDir;
    }

    private void initIfNeeded() throws IOException {
        if (Files.exists(dataDir.resolve("PG_VERSION"))) {
            return;
        }
        Files.createDirectories(dataDir);
        if (asPostgresUser) {
            UserPrincipal postgres = dataDir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postgres");
            Files.setOwner(dataDir, postgres);
        }
        run("initdb", "-D", dataDir.toString(), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-instructions");
    }

    /** A runtime killed with -9 leaves its server running; stop it so this start owns the directory. */
    private void stopOrphan() throws IOException {
        if (Files.exists(dataDir.resolve("postmaster.pid"))) {
            try {
                run("pg_ctl", "-D", dataDir.toString(), "-m", "fast", "-w", "stop");
            } catch (IOException notRunning) {
                // A stale pid file of a dead server: pg_ctl start removes it.
            }
        }
    }

    private void run(String tool, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        if (asPostgresUser) {
            command.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        command.add(bin.resolve(tool).toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            if (!process.waitFor(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException(tool + " did not finish within " + COMMAND_TIMEOUT_SECONDS + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(tool + " was interrupted", e);
        }
        if (process.exitValue() != 0) {
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            throw new IOException(tool + " failed (exit " + process.exitValue() + "): " + output);
        }
    }

    /** The postgres user must be able to walk down to the data directory (e.g. not below a 0700 home). */
    private static void requireReachableByOthers(Path dir) throws IOException {
        for (Path p = dir; p != null; p = p.getParent()) {
            if (Files.exists(p) && !Files.getPosixFilePermissions(p).contains(PosixFilePermission.OTHERS_EXECUTE)) {
                throw new IOException(p + " is not reachable by the postgres user");
            }
        }
    }

    private static int majorOf(Path bin) {
        try {
            return Integer.parseInt(bin.getParent().getFileName().toString());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
