package io.granary.registry.proxy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Standalone Secrets: one directory per Secret holding one file per key, the way Kubernetes mounts a
 * Secret, so the same files work in both worlds. Read on every upstream login, so rotated files apply.
 */
final class DirectorySecrets implements UpstreamSecrets {

    private static final Pattern NAME = Pattern.compile("[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?");
    private static final Pattern KEY = Pattern.compile("[-._a-zA-Z0-9]+");

    private final Path root;

    DirectorySecrets(Path root) {
        this.root = root;
    }

    @Override
    public Optional<Map<String, String>> read(String name) {
        if (!NAME.matcher(name).matches()) {
            return Optional.empty();
        }
        Path dir = root.resolve(name);
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        Map<String, String> keys = new HashMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                String key = file.getFileName().toString();
                if (KEY.matcher(key).matches() && Files.isRegularFile(file)) {
                    keys.put(key, Files.readString(file, StandardCharsets.UTF_8));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read Secret " + name, e);
        }
        return Optional.of(keys);
    }
}
