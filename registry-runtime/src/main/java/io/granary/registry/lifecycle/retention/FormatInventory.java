package io.granary.registry.lifecycle.retention;

import io.granary.registry.catalog.RepositoryDefinition;
import java.util.Comparator;
import java.util.List;

/** How one file-based format (generic, Maven, PyPI, Helm) groups a repository's files into retention items. */
interface FormatInventory {

    /** The property naming a file's package; empty when the format has none. */
    default String nameProperty() {
        return "";
    }

    /** The property holding a file's version; empty when the format has none. */
    default String versionProperty() {
        return "";
    }

    /** The items the files form. */
    List<RetentionItem> items(RepositoryDefinition repository, List<RetentionQueries.FileRow> files);

    /** Versions of one artifact, oldest first. */
    Comparator<RetentionItem> versionOrder();
}
