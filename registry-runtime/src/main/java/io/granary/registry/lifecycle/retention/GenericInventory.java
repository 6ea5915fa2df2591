package io.granary.registry.lifecycle.retention;

import io.granary.registry.catalog.RepositoryDefinition;
import java.util.Comparator;
import java.util.List;

/** Generic repositories: each file is a version of its folder, newest by push time. */
final class GenericInventory implements FormatInventory {

    @Override
    public List<RetentionItem> items(RepositoryDefinition repository, List<RetentionQueries.FileRow> files) {
        ItemCollector items = new ItemCollector(repository);
        for (var file : files) {
            int slash = file.path().lastIndexOf('/');
            String folder = slash < 0 ? "/" : file.path().substring(0, slash);
            items.add(folder, file.path().substring(slash + 1), RetentionItem.Kind.VERSION, false, file);
        }
        return items.items();
    }

    @Override
    public Comparator<RetentionItem> versionOrder() {
        return Comparator.comparing(RetentionItem::pushedAt).thenComparing(RetentionItem::version);
    }
}
