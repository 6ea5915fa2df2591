package io.granary.registry.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StandaloneOptionsTest {

    private static final Map<String, String> NO_ENV = Map.of();

    @Test
    void defaultsWithoutFlagsOrEnvironment() {
        StandaloneOptions options = parse(NO_ENV);

        assertThat(options.port()).isEqualTo(8080);
        assertThat(options.host()).isEqualTo("127.0.0.1");
        assertThat(options.dataDir()).isEqualTo(Path.of("granary-data").toAbsolutePath());
        assertThat(options.adminToken()).isEmpty();
        assertThat(options.repositoriesDir()).isEqualTo(Path.of("config/samples").toAbsolutePath());
        assertThat(options.pgUrl()).isEmpty();
    }

    @Test
    void readsEveryFlag() {
        StandaloneOptions options = parse(NO_ENV, "--port", "9000", "--host", "0.0.0.0", "--data-dir", "/srv/data",
                "--admin-token", "gra_admin-token-123", "--repositories", "/etc/granary/repos",
                "--pg-url", "postgresql://u:p@db:5432/granary");

        assertThat(options.port()).isEqualTo(9000);
        assertThat(options.host()).isEqualTo("0.0.0.0");
        assertThat(options.dataDir()).isEqualTo(Path.of("/srv/data"));
        assertThat(options.adminToken()).contains("gra_admin-token-123");
        assertThat(options.repositoriesDir()).isEqualTo(Path.of("/etc/granary/repos"));
        assertThat(options.pgUrl()).contains("postgresql://u:p@db:5432/granary");
    }

    @Test
    void readsFlagsInTheEqualsForm() {
        StandaloneOptions options = parse(NO_ENV, "--port=9001", "--host=::1", "--pg-url=postgresql://h/db?x=a=b");

        assertThat(options.port()).isEqualTo(9001);
        assertThat(options.host()).isEqualTo("::1");
        assertThat(options.pgUrl()).contains("postgresql://h/db?x=a=b");
    }

    @Test
    void relativeDirectoriesAreMadeAbsolute() {
        StandaloneOptions options = parse(NO_ENV, "--data-dir", "data", "--repositories", "repos");

        assertThat(options.dataDir()).isAbsolute().isEqualTo(Path.of("data").toAbsolutePath());
        assertThat(options.repositoriesDir()).isAbsolute().isEqualTo(Path.of("repos").toAbsolutePath());
    }

    @Test
    void fallsBackToTheEnvironment() {
        StandaloneOptions options = parse(Map.of(
                "GRANARY_PORT", "7000",
                "GRANARY_HOST", "0.0.0.0",
                "GRANARY_DATA_DIR", "/var/lib/granary",
                "GRANARY_ADMIN_TOKEN", "gra_from-the-environment",
                "GRANARY_REPOSITORIES_DIR", "/etc/granary",
                "GRANARY_PG_URL", "postgresql://env-db/granary"));

        assertThat(options.port()).isEqualTo(7000);
        assertThat(options.host()).isEqualTo("0.0.0.0");
        assertThat(options.dataDir()).isEqualTo(Path.of("/var/lib/granary"));
        assertThat(options.adminToken()).contains("gra_from-the-environment");
        assertThat(options.repositoriesDir()).isEqualTo(Path.of("/etc/granary"));
        assertThat(options.pgUrl()).contains("postgresql://env-db/granary");
    }

    @Test
    void flagWinsOverTheEnvironment() {
        StandaloneOptions options = parse(Map.of("GRANARY_PORT", "7000", "GRANARY_HOST", "0.0.0.0"), "--port", "9000");

        assertThat(options.port()).isEqualTo(9000);
        assertThat(options.host()).isEqualTo("0.0.0.0");
    }

    @Test
    void blankEnvironmentValueMeansTheDefault() {
        StandaloneOptions options = parse(Map.of("GRANARY_PORT", " ", "GRANARY_ADMIN_TOKEN", ""));

        assertThat(options.port()).isEqualTo(8080);
        assertThat(options.adminToken()).isEmpty();
    }

    @Test
    void unknownFlagIsRefusedWithTheUsage() {
        assertThatThrownBy(() -> parse(NO_ENV, "--port", "9000", "--verbose", "yes"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown option --verbose")
                .hasMessageContaining("usage: granary standalone");
    }

    @Test
    void unknownFlagInTheEqualsFormIsRefusedWithTheUsage() {
        assertThatThrownBy(() -> parse(NO_ENV, "--prot=9000"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown option --prot")
                .hasMessageContaining("usage: granary standalone");
    }

    @Test
    void flagWithoutValueIsRefusedWithTheUsage() {
        assertThatThrownBy(() -> parse(NO_ENV, "--host", "0.0.0.0", "--port"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("missing value for --port")
                .hasMessageContaining("usage: granary standalone");
    }

    @Test
    void positionalArgumentIsRefusedWithTheUsage() {
        assertThatThrownBy(() -> parse(NO_ENV, "serve"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unexpected argument serve")
                .hasMessageContaining("usage: granary standalone");
    }

    @Test
    void nonNumericPortIsRefusedWithTheUsage() {
        assertThatThrownBy(() -> parse(NO_ENV, "--port", "http"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("port must be a number")
                .hasMessageContaining("usage: granary standalone");
    }

    @Test
    void nonNumericPortFromTheEnvironmentIsRefused() {
        assertThatThrownBy(() -> parse(Map.of("GRANARY_PORT", "eighty")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("port must be a number");
    }

    private static StandaloneOptions parse(Map<String, String> env, String... args) {
        return StandaloneOptions.parse(args, env);
    }
}
