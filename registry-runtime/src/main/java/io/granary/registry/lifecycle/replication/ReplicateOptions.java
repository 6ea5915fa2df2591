package io.granary.registry.lifecycle.replication;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The settings of {@code granary replicate}, each from a flag ({@code --source-url U}) or else an environment
 * variable ({@code GRANARY_REPLICATE_SOURCE_URL}); tokens only from the environment, so they never show in a
 * process listing.
 *
 * @param format     repository format of both sides: generic, oci, maven, npm, pypi or helm
 * @param bandwidth  bytes per second over all transfers, 0 = unlimited
 * @param reportFile where the run's result is written as JSON (empty: stdout only)
 */
public record ReplicateOptions(String format, Endpoint source, Endpoint target, int concurrency, long bandwidth,
                               List<String> include, List<String> exclude, int attempts, Optional<Path> reportFile) {

    /**
     * One side: a registry's base URL, a repository on it, and how to authenticate.
     *
     * @param allowPrivateAddresses whether the URL may resolve to loopback or link-local addresses (cloud metadata
     *                              addresses are refused regardless)
     */
    public record Endpoint(URI url, String repository, Optional<String> authorization, boolean allowPrivateAddresses) {
    }

    static final java.util.Set<String> FORMATS = java.util.Set.of("generic", "oci", "maven", "npm", "pypi", "helm");

    static final String USAGE = """
            usage: granary replicate --format generic|oci|maven|npm|pypi|helm --source-url URL --source-repository NAME
                                     --target-url URL --target-repository NAME [--concurrency 4]
                                     [--source-allow-private-addresses false] [--target-allow-private-addresses false]
                                     [--bandwidth BYTES_PER_SECOND] [--include GLOB,...] [--exclude GLOB,...]
                                     [--attempts 4] [--report-file PATH]
              flags also from GRANARY_REPLICATE_<FLAG> (e.g. GRANARY_REPLICATE_SOURCE_URL); credentials only from
              GRANARY_REPLICATE_SOURCE_TOKEN / _TARGET_TOKEN (bearer) or _SOURCE_USERNAME+_SOURCE_PASSWORD (basic)""";

    /** Reads flags, then the environment; throws IllegalArgumentException with the usage text. */
    public static ReplicateOptions parse(String[] args, Map<String, String> env) {
        Map<String, String> flags = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("unexpected argument " + args[i] + "\n" + USAGE);
            }
            flags.put(args[i].substring(2), args[++i]);
        }
        java.util.function.Function<String, Optional<String>> get = flag -> Optional.ofNullable(flags.remove(flag))
                .or(() -> Optional.ofNullable(env.get("GRANARY_REPLICATE_" + flag.toUpperCase(java.util.Locale.ROOT).replace('-', '_'))))
                .filter(v -> !v.isBlank());
        String format = require(get, "format");
        if (!FORMATS.contains(format)) {
            throw new IllegalArgumentException("--format must be one of " + new java.util.TreeSet<>(FORMATS) + "\n" + USAGE);
        }
        Endpoint source = new Endpoint(url(require(get, "source-url")), require(get, "source-repository"), auth(env, "SOURCE"),
                bool(get, "source-allow-private-addresses"));
        Endpoint target = new Endpoint(url(require(get, "target-url")), require(get, "target-repository"), auth(env, "TARGET"),
                bool(get, "target-allow-private-addresses"));
        int concurrency = number(get, "concurrency", 4, 1, 64);
        long bandwidth = number(get, "bandwidth", 0, 0, Long.MAX_VALUE);
        int attempts = number(get, "attempts", 4, 1, 20);
        List<String> include = list(get.apply("include"));
        List<String> exclude = list(get.apply("exclude"));
        Optional<Path> report = get.apply("report-file").map(Path::of);
        if (!flags.isEmpty()) {
            throw new IllegalArgumentException("unknown option --" + flags.keySet().iterator().next() + "\n" + USAGE);
        }
        return new ReplicateOptions(format, source, target, concurrency, bandwidth, include, exclude, attempts, report);
    }

    private static String require(java.util.function.Function<String, Optional<String>> get, String flag) {
        return get.apply(flag).orElseThrow(() -> new IllegalArgumentException("--" + flag + " is required\n" + USAGE));
    }

    private static URI url(String value) {
        URI uri = URI.create(value.endsWith("/") ? value.substring(0, value.length() - 1) : value);
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
            throw new IllegalArgumentException("not an http(s) URL: " + value + "\n" + USAGE);
        }
        return uri;
    }

    private static boolean bool(java.util.function.Function<String, Optional<String>> get, String flag) {
        String value = get.apply(flag).orElse("false");
        if (!value.equals("true") && !value.equals("false")) {
            throw new IllegalArgumentException("--" + flag + " must be true or false\n" + USAGE);
        }
        return Boolean.parseBoolean(value);
    }

    private static Optional<String> auth(Map<String, String> env, String side) {
        String token = env.get("GRANARY_REPLICATE_" + side + "_TOKEN");
        if (token != null && !token.isBlank()) {
            return Optional.of("Bearer " + token.strip());
        }
        String user = env.get("GRANARY_REPLICATE_" + side + "_USERNAME");
        String password = env.get("GRANARY_REPLICATE_" + side + "_PASSWORD");
        if (user != null && password != null) {
            return Optional.of("Basic " + java.util.Base64.getEncoder().encodeToString((user + ":" + password)
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        }
        return Optional.empty();
    }

    private static int number(java.util.function.Function<String, Optional<String>> get, String flag, int fallback, int min, int max) {
        return (int) number(get, flag, (long) fallback, min, (long) max);
    }

    private static long number(java.util.function.Function<String, Optional<String>> get, String flag, long fallback, long min, long max) {
        try {
            long value = get.apply(flag).map(Long::parseLong).orElse(fallback);
            if (value < min || value > max) {
                throw new IllegalArgumentException("--" + flag + " must be between " + min + " and " + max + "\n" + USAGE);
            }
            return value;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + flag + " must be a number\n" + USAGE);
        }
    }

    private static List<String> list(Optional<String> value) {
        List<String> out = new ArrayList<>();
        value.ifPresent(v -> {
            for (String part : v.split(",")) {
                if (!part.isBlank()) {
                    out.add(part.strip());
                }
            }
        });
        return out;
    }
}
