package io.granary.registry.catalog;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.granary.api.v1alpha1.repository.Repository;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * The standalone catalog: every {@code *.yaml}/{@code *.yml} file of a directory, each holding one or
 * more Repository documents in the CR schema. A file that fails to parse keeps its last good
 * definitions, so a typo never takes a serving repository away.
 */
public final class DirectoryRepositoryCatalog implements RepositoryCatalog {

    private static final Logger LOG = Logger.getLogger(DirectoryRepositoryCatalog.class);
    private static final ObjectMapper YAML = JsonMapper.builder(new YAMLFactory())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private final Path directory;
    private final Map<Path, FileTime> seen = new HashMap<>();
    private final Map<Path, List<RepositoryDefinition>> byFile = new HashMap<>();
    private volatile Map<String, RepositoryDefinition> byName = Map.of();
    private final List<Consumer<Collection<RepositoryDefinition>>> listeners = new CopyOnWriteArrayList<>();

    public DirectoryRepositoryCatalog(Path directory) {
        this.directory = directory;
    }

    @Override
    public Optional<RepositoryDefinition> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    @Override
    public Collection<RepositoryDefinition> all() {
        return byName.values();
    }

    @Override
    public void onChange(Consumer<Collection<RepositoryDefinition>> listener) {
        listeners.add(listener);
    }

    /** Re-reads files whose modification time changed; returns whether the declared set changed. */
    public synchronized boolean rescan() {
        Map<Path, FileTime> current = listYamlFiles();
        boolean changed = byFile.keySet().removeIf(p -> !current.containsKey(p));
        seen.keySet().removeIf(p -> !current.containsKey(p));
        for (var entry : current.entrySet()) {
            if (entry.getValue().equals(seen.get(entry.getKey()))) {
                continue;
            }
            seen.put(entry.getKey(), entry.getValue());
            try {
                byFile.put(entry.getKey(), parse(entry.getKey()));
                changed = true;
            } catch (IOException | RuntimeException e) {
                // Jackson reports YAML syntax errors as RuntimeExceptions from its document iterator.
                LOG.errorf("Ignoring %s (keeping its previous repositories): %s", entry.getKey(), e.getMessage());
            }
        }
        if (changed) {
            publish();
        }
        return changed;
    }

    private void publish() {
        Map<String, RepositoryDefinition> next = new LinkedHashMap<>();
        byFile.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .flatMap(e -> e.getValue().stream().map(d -> Map.entry(e.getKey(), d)))
                .forEach(e -> {
                    RepositoryDefinition previous = next.putIfAbsent(e.getValue().name(), e.getValue());
                    if (previous != null) {
                        LOG.errorf("Repository %s is declared twice; %s is ignored", e.getValue().name(), e.getKey());
                    }
                });
        byName = Map.copyOf(next);
        LOG.infof("Serving %d repositories from %s: %s", next.size(), directory, next.values());
        listeners.forEach(l -> l.accept(byName.values()));
    }

    private Map<Path, FileTime> listYamlFiles() {
        Map<Path, FileTime> files = new HashMap<>();
        if (!Files.isDirectory(directory)) {
            return files;
        }
        try (Stream<Path> list = Files.list(directory)) {
            for (Path p : (Iterable<Path>) list::iterator) {
                String n = p.getFileName().toString();
                if ((n.endsWith(".yaml") || n.endsWith(".yml")) && Files.isRegularFile(p)) {
                    files.put(p, Files.getLastModifiedTime(p));
                }
            }
        } catch (IOException e) {
            LOG.errorf("Cannot list %s: %s", directory, e.getMessage());
        }
        return files;
    }

    static List<RepositoryDefinition> parse(Path file) throws IOException {
        List<RepositoryDefinition> result = new ArrayList<>();
        try (var parser = YAML.getFactory().createParser(file.toFile())) {
            var docs = YAML.readValues(parser, JsonNode.class);
            while (docs.hasNext()) {
                JsonNode doc = docs.next();
                if (doc == null || doc.isMissingNode() || doc.isNull()) {
                    continue;
                }
                if (!"Repository".equals(doc.path("kind").asText())) {
                    continue;
                }
                result.add(RepositoryDefinition.of(YAML.treeToValue(doc, Repository.class)));
            }
        }
        return result;
    }
}
