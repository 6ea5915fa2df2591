package io.granary.registry.lifecycle.retention;

import io.granary.registry.catalog.RepositoryDefinition;
import io.granary.registry.pypi.PypiNames;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Formats whose files carry their package name and version as properties (PyPI distributions, Helm
 * charts): a version is every file of it plus each file's companion (PEP 658 {@code .metadata},
 * {@code .prov}); the index pages are rendered from what remains.
 */
final class PackageFileInventory implements FormatInventory {

    /** PyPI: projects by normalized name, PEP 440 order. */
    static final PackageFileInventory PYPI = new PackageFileInventory("pypi.name", "pypi.version", ".metadata",
            PypiNames::normalize, Pep440Order.INSTANCE, Pep440Order::prerelease);
    /** Helm: charts by name, semver order. */
    static final PackageFileInventory HELM = new PackageFileInventory("helm.name", "helm.version", ".prov",
            Function.identity(), SemverOrder.INSTANCE, SemverOrder::prerelease);

    private final String nameProperty;
    private final String versionProperty;
    private final String companionSuffix;
    private final Function<String, String> artifactName;
    private final Comparator<String> order;
    private final Predicate<String> prerelease;

    private PackageFileInventory(String nameProperty, String versionProperty, String companionSuffix,
                                 Function<String, String> artifactName, Comparator<String> order,
                                 Predicate<String> prerelease) {
        this.nameProperty = nameProperty;
        this.versionProperty = versionProperty;
        this.companionSuffix = companionSuffix;
        this.artifactName = artifactName;
        this.order = order;
        this.prerelease = prerelease;
    }

    @Override
    public String nameProperty() {
        return nameProperty;
    }

    @Override
    public String versionProperty() {
        return versionProperty;
    }

    @Override
    public List<RetentionItem> items(RepositoryDefinition repository, List<RetentionQueries.FileRow> files) {
        Map<String, RetentionQueries.FileRow> byPath = files.stream()
                .collect(Collectors.toMap(RetentionQueries.FileRow::path, f -> f, (a, b) -> a));
        ItemCollector items = new ItemCollector(repository);
        for (var file : files) {
            if (file.nameProperty() == null || file.versionProperty() == null) {
                continue;
            }
            String artifact = artifactName.apply(file.nameProperty());
            String version = file.versionProperty();
            boolean pre = prerelease.test(version);
            items.add(artifact, version, RetentionItem.Kind.VERSION, pre, file);
            var companion = byPath.get(file.path() + companionSuffix);
            if (companion != null) {
                items.add(artifact, version, RetentionItem.Kind.VERSION, pre, companion);
            }
        }
        return items.items();
    }

    @Override
    public Comparator<RetentionItem> versionOrder() {
        return Comparator.comparing(RetentionItem::version, order);
    }
}
