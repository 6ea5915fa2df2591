package io.granary.registry.npm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real npm CLI against one Granary repository, isolated from the machine: its own
 * {@code .npmrc} (registry and {@code _authToken} for this server only), cache, HOME and global
 * config, so nothing reaches any other registry and no earlier run's cache helps.
 */
public final class NpmCli {

    /** What a command printed and how it ended. */
    public record Result(int exit, String out, String err) {
        public Result ok() {
            if (exit != 0) {
                throw new AssertionError("npm exited " + exit + "\nstdout:\n" + out + "\nstderr:\n" + err);
            }
            return this;
        }
    }

    private static final long TIMEOUT_SECONDS = 180;

    private final Path home;
    private final Path userconfig;
    private Path cache;

    /** A client for {@code registry}; {@code token} may be null for one that has yet to log in. */
    public NpmCli(Path home, String registry, String token) {
        this.home = home;
        this.userconfig = home.resolve(".npmrc");
        this.cache = home.resolve("cache-0");
        String hostPath = registry.substring(registry.indexOf("//"));
        try {
            Files.createDirectories(home);
            Files.writeString(home.resolve("global-npmrc"), "");
            Files.writeString(userconfig, String.join("\n",
                    "registry=" + registry,
                    token == null ? "" : hostPath + ":_authToken=" + token,
                    "audit=false", "fund=false", "update-notifier=false", "progress=false", ""));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Switches to a new, empty cache (a clean client machine). */
    void freshCache(String name) {
        cache = home.resolve("cache-" + name);
    }

    Path userconfig() {
        return userconfig;
    }

    Path cache() {
        return cache;
    }

    public Result run(Path dir, String... args) {
        return startNpm(dir, Map.of(), args).finish();
    }

    /** Runs any command (e.g. pnpm) with this client's environment. */
    Result exec(Path dir, List<String> command) {
        return start(dir, command, Map.of()).finish();
    }

    /** An npm command with this client's config, started without waiting for it. */
    Running startNpm(Path dir, Map<String, String> env, String... args) {
        List<String> command = new ArrayList<>(List.of("npm"));
        command.addAll(List.of(args));
        command.addAll(List.of("--userconfig", userconfig.toString(), "--cache", cache.toString()));
        return start(dir, command, env);
    }

    /** Starts a command with this client's environment plus {@code extra}; its output goes to files. */
    Running start(Path dir, List<String> command, Map<String, String> extra) {
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(k -> k.toLowerCase(java.util.Locale.ROOT).startsWith("npm_config_"));
        env.put("HOME", home.toString());
        env.put("npm_config_globalconfig", home.resolve("global-npmrc").toString());
        env.put("npm_config_userconfig", userconfig.toString());
        env.put("npm_config_cache", cache.toString());
        env.put("NO_UPDATE_NOTIFIER", "1");
        env.putAll(extra);
        try {
            Path out = Files.createTempFile(home, "out", ".txt");
            Path err = Files.createTempFile(home, "err", ".txt");
            Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            return new Running(command, process, out, err);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A started command: its output so far, and its end within the time bound. */
    record Running(List<String> command, Process process, Path out, Path err) {

        String outSoFar() {
            try {
                return Files.readString(out, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        Result finish() {
            try {
                if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new AssertionError(command.get(0) + " " + command.get(1) + " did not finish within "
                            + TIMEOUT_SECONDS + " s");
                }
                return new Result(process.exitValue(), outSoFar(), Files.readString(err, StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
    }

    /** Writes a package directory with a package.json and an index.js. */
    public static Path writePackage(Path root, String name, String version, Map<String, String> dependencies) {
        Path dir = root.resolve(name.replace("/", "__") + "-" + version);
        StringBuilder deps = new StringBuilder();
        dependencies.forEach((k, v) -> deps.append(deps.length() == 0 ? "" : ",").append('"').append(k)
                .append("\":\"").append(v).append('"'));
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("package.json"), """
                    {"name": "%s", "version": "%s", "description": "Granary npm client test package",
                     "main": "index.js", "license": "MIT", "dependencies": {%s}}
                    """.formatted(name, version, deps));
            Files.writeString(dir.resolve("index.js"), "module.exports = '" + name + "@" + version + "';\n");
            Files.writeString(dir.resolve("README.md"), "# " + name + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir;
    }
}
