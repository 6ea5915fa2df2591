package io.granary.registry.lifecycle.retention;

import io.granary.registry.catalog.RepositoryDefinition;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * npm repositories: a version is a package version (its tarball); versions a dist-tag points at are
 * kept, so {@code latest} always resolves. Semver order.
 */
final class NpmInventory {

    private NpmInventory() {
    }

    /** The package's full name as its dist-tags are scoped: {@code @scope/name} or {@code name}. */
    static String fullName(String namespace, String name) {
        return namespace == null || namespace.isEmpty() ? name : namespace + "/" + name;
    }

    static List<RetentionItem> items(RepositoryDefinition repository, List<RetentionQueries.FileRow> files,
                                     List<RetentionQueries.TagRow> tags) {
        Set<String> tagged = tags.stream().map(t -> t.scope() + "@" + t.target()).collect(Collectors.toSet());
        ItemCollector items = new ItemCollector(repository);
        for (var file : files) {
            if (file.component() == null || file.version() == null) {
                continue;
            }
            items.add(fullName(file.namespace(), file.component()), file.version(), RetentionItem.Kind.VERSION,
                    SemverOrder.prerelease(file.version()), file);
        }
        return items.items().stream()
                .map(i -> i.protection() == null && tagged.contains(i.artifact() + "@" + i.version())
                        ? i.protectedBy("a dist-tag points at it") : i)
                .toList();
    }

    static Comparator<RetentionItem> versionOrder() {
        return Comparator.comparing(RetentionItem::version, SemverOrder.INSTANCE);
    }
}
