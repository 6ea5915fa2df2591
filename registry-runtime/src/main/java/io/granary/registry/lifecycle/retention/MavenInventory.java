package io.granary.registry.lifecycle.retention;

import io.granary.registry.catalog.RepositoryDefinition;
import io.granary.registry.maven.MavenPath;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.maven.artifact.versioning.ComparableVersion;

/**
 * Maven repositories: a version is its folder (every file, checksum and version-level metadata in
 * it), ordered as Maven orders versions; each timestamped build of a SNAPSHOT version is also an
 * item of its own, for keepLastSnapshotBuilds. maven-metadata.xml is rendered from what remains.
 */
final class MavenInventory implements FormatInventory {

    /** Group, artifact and version of a version folder. */
    private record Version(String artifact, String version, boolean snapshot) {
    }

    @Override
    public List<RetentionItem> items(RepositoryDefinition repository, List<RetentionQueries.FileRow> files) {
        Map<String, Version> folders = new HashMap<>();
        Map<String, MavenPath.Coordinates> coordinates = new HashMap<>();
        for (var file : files) {
            MavenPath.Coordinates c = parse(file.path());
            if (c != null) {
                coordinates.put(file.path(), c);
                folders.putIfAbsent(folder(file.path()),
                        new Version(c.groupId() + ":" + c.artifactId(), c.version(), c.snapshot()));
            }
        }
        ItemCollector items = new ItemCollector(repository);
        for (var file : files) {
            Version v = folders.get(folder(file.path()));
            if (v == null) {
                continue;
            }
            items.add(v.artifact(), v.version(), RetentionItem.Kind.VERSION, v.snapshot(), file);
            MavenPath.Coordinates c = coordinates.get(file.path());
            if (c != null && c.timestamp() != null) {
                items.add(v.artifact() + ":" + v.version(), c.timestamp() + "-" + c.buildNumber(),
                        RetentionItem.Kind.SNAPSHOT_BUILD, true, file);
            }
        }
        return items.items();
    }

    @Override
    public Comparator<RetentionItem> versionOrder() {
        return Comparator.comparing((RetentionItem i) -> new ComparableVersion(i.version()))
                .thenComparing(RetentionItem::version);
    }

    private static MavenPath.Coordinates parse(String path) {
        try {
            return MavenPath.parse(path).coordinates();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String folder(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? "" : path.substring(0, slash);
    }
}
