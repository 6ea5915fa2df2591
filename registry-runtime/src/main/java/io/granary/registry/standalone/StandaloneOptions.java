package io.granary.registry.standalone;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The settings of the standalone mode, each from a flag ({@code --port 8080}) or else an
 * environment variable ({@code GRANARY_PORT}), else its default.
 *
 * @param pgUrl an external PostgreSQL ({@code postgresql://user:pass@host:port/db}); empty = embedded
 */
public record StandaloneOptions(int port, String host, Path dataDir, Optional<String> adminToken, Path repositoriesDir,
                                Optional<String> pgUrl) {

    static final String USAGE = """
            usage: granary standalone [--port N] [--host ADDR] [--data-dir DIR] [--admin-token TOKEN]
                                      [--repositories DIR] [--pg-url postgresql://user:pass@host:port/db]
              each also from GRANARY_PORT, GRANARY_HOST, GRANARY_DATA_DIR, GRANARY_ADMIN_TOKEN,
              GRANARY_REPOSITORIES_DIR, GRANARY_PG_URL; defaults: 8080, 127.0.0.1, ./granary-data,
              generated at first start, ./config/samples, embedded PostgreSQL in the data directory""";

    /** Reads flags first, then the environment; throws IllegalArgumentException with the usage text. */
    public static StandaloneOptions parse(String[] args, Map<String, String> env) {
        java.util.Map<String, String> flags = new java.util.HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument " + arg + "\n" + USAGE);
            }
            String key = arg.substring(2);
            String value;
            int eq = key.indexOf('=');
            if (eq >= 0) {
                value = key.substring(eq + 1);
                key = key.substring(0, eq);
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                throw new IllegalArgumentException("missing value for " + arg + "\n" + USAGE);
            }
            flags.put(key, value);
        }
        java.util.function.BiFunction<String, String, Optional<String>> get = (flag, var) ->
                Optional.ofNullable(flags.remove(flag)).or(() -> Optional.ofNullable(env.get(var)))
                        .filter(v -> !v.isBlank());
        int port;
        try {
            port = Integer.parseInt(get.apply("port", "GRANARY_PORT").orElse("8080"));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("port must be a number\n" + USAGE);
        }
        var options = new StandaloneOptions(port,
                get.apply("host", "GRANARY_HOST").orElse("127.0.0.1"),
                Path.of(get.apply("data-dir", "GRANARY_DATA_DIR").orElse("granary-data")).toAbsolutePath(),
                get.apply("admin-token", "GRANARY_ADMIN_TOKEN"),
                Path.of(get.apply("repositories", "GRANARY_REPOSITORIES_DIR").orElse("config/samples")).toAbsolutePath(),
                get.apply("pg-url", "GRANARY_PG_URL"));
        if (!flags.isEmpty()) {
            throw new IllegalArgumentException("unknown option --" + flags.keySet().iterator().next() + "\n" + USAGE);
        }
        return options;
    }
}
