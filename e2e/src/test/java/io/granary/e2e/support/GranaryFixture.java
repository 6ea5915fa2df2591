package io.granary.e2e.support;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * One test's runtimes: a repositories dir with the {@value #REPO} generic repository, an admin
 * token, and every process started through it, all stopped on close (leftovers on the work dir too).
 */
public final class GranaryFixture implements AutoCloseable {

    /** The generic hosted repository every e2e test uses. */
    public static final String REPO = "files";

    private final Path root;
    private final Path reposDir;
    private final String token = "e2e-" + UUID.randomUUID();
    private final List<GranaryProcess> processes = new ArrayList<>();

    public GranaryFixture(Path root) {
        this.root = root;
        this.reposDir = RepositoryDefinitions.genericHosted(root.resolve("repositories"), REPO);
    }

    /** Starts a runtime on a new port; {@code pgUrl} null means its embedded PostgreSQL. */
    public GranaryProcess start(String name, Path dataDir, String pgUrl) {
        return start(name, GranaryProcess.freePort(), dataDir, pgUrl);
    }

    public GranaryProcess start(String name, int port, Path dataDir, String pgUrl) {
        GranaryProcess process = GranaryProcess.start(name, port, dataDir, reposDir, token, pgUrl);
        synchronized (processes) {
            processes.add(process);
        }
        return process;
    }

    /** Starts a runtime on a new port with extra environment (e.g. S3 storage settings). */
    public GranaryProcess start(String name, Path dataDir, String pgUrl, java.util.Map<String, String> env) {
        GranaryProcess process = GranaryProcess.start(name, GranaryProcess.freePort(), dataDir, reposDir, token, pgUrl,
                env);
        synchronized (processes) {
            processes.add(process);
        }
        return process;
    }

    /** The directory of Repository YAML every runtime of this fixture serves. */
    public Path reposDir() {
        return reposDir;
    }

    public GenericApi api(GranaryProcess process) {
        return new GenericApi(process.baseUrl(), token);
    }

    public String token() {
        return token;
    }

    public Path dir(String name) {
        return root.resolve(name);
    }

    @Override
    public void close() {
        List<GranaryProcess> started;
        synchronized (processes) {
            started = List.copyOf(processes);
        }
        RuntimeException firstFailure = null;
        for (GranaryProcess process : started) {
            try {
                process.close();
            } catch (RuntimeException | AssertionError e) {
                if (firstFailure == null) {
                    firstFailure = new IllegalStateException("stopping " + process, e);
                }
            }
        }
        GranaryProcess.killLeftovers(root);
        if (firstFailure != null) {
            throw firstFailure;
        }
    }
}
