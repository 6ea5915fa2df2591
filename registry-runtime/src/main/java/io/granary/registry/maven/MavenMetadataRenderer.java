package io.granary.registry.maven;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.maven.artifact.versioning.ComparableVersion;

/**
 * Writes {@code maven-metadata.xml} from the files a repository holds, never from what clients sent:
 * the same files always give the same bytes (and checksums), whichever deploys raced to store them.
 */
public final class MavenMetadataRenderer {

    /** A stored file as the renderer needs it: its path and when it was last written. */
    public record StoredFile(String path, Instant updatedAt) {
    }

    private static final DateTimeFormatter LAST_UPDATED = DateTimeFormatter.ofPattern("yyyyMMddHHmmss")
            .withZone(ZoneOffset.UTC);
    private static final Comparator<MavenPath.Coordinates> BUILD_ORDER = Comparator
            .comparingInt(MavenPath.Coordinates::buildNumber)
            .thenComparing(MavenPath.Coordinates::timestamp);
    /** Maven's order; versions it holds equal ("1.0", "1.0.0") are both kept, in string order. */
    public static final Comparator<String> VERSION_ORDER = Comparator.<String, ComparableVersion>comparing(
            ComparableVersion::new).thenComparing(Comparator.naturalOrder());

    private MavenMetadataRenderer() {
    }

    /**
     * Artifact-level metadata of the artifact whose folder is {@code folder} ({@code g/r/p/artifactId}):
     * every version with at least one file, in Maven's version order; empty when there is none.
     */
    public static Optional<byte[]> artifactLevel(String folder, List<StoredFile> files) {
        int slash = folder.lastIndexOf('/');
        if (slash < 0) {
            return Optional.empty();
        }
        String artifactId = folder.substring(slash + 1);
        String groupId = folder.substring(0, slash).replace('/', '.');
        TreeSet<String> versions = new TreeSet<>(VERSION_ORDER);
        Instant lastUpdated = Instant.EPOCH;
        for (StoredFile stored : files) {
            Optional<MavenPath.Coordinates> c = artifactFile(stored.path());
            if (c.isEmpty() || !stored.path().equals(folder + "/" + c.get().version() + "/" + fileName(stored.path()))
                    || !c.get().artifactId().equals(artifactId)) {
                continue;
            }
            versions.add(c.get().version());
            lastUpdated = max(lastUpdated, stored.updatedAt());
        }
        if (versions.isEmpty()) {
            return Optional.empty();
        }
        Optional<String> release = versions.descendingSet().stream()
                .filter(v -> !v.endsWith("-" + MavenPath.SNAPSHOT)).findFirst();
        StringBuilder xml = header(groupId, artifactId, null, "")
                .append("  <versioning>\n")
                .append("    <latest>").append(escape(versions.last())).append("</latest>\n");
        release.ifPresent(r -> xml.append("    <release>").append(escape(r)).append("</release>\n"));
        xml.append("    <versions>\n");
        versions.forEach(v -> xml.append("      <version>").append(escape(v)).append("</version>\n"));
        xml.append("    </versions>\n")
                .append("    <lastUpdated>").append(LAST_UPDATED.format(lastUpdated)).append("</lastUpdated>\n")
                .append("  </versioning>\n</metadata>\n");
        return Optional.of(xml.toString().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Version-level metadata of a SNAPSHOT folder ({@code g/r/p/artifactId/1.0-SNAPSHOT}): the newest
     * build overall and the newest file per classifier and extension; empty without timestamped files.
     */
    public static Optional<byte[]> snapshotLevel(String folder, List<StoredFile> files) {
        MavenPath.Coordinates newest = null;
        Map<String, MavenPath.Coordinates> perKind = new TreeMap<>();
        for (StoredFile stored : files) {
            Optional<MavenPath.Coordinates> found = artifactFile(stored.path());
            if (found.isEmpty() || found.get().timestamp() == null
                    || !stored.path().equals(folder + "/" + fileName(stored.path()))) {
                continue;
            }
            MavenPath.Coordinates c = found.get();
            if (newest == null || BUILD_ORDER.compare(c, newest) > 0) {
                newest = c;
            }
            String kind = c.extension() + ":" + (c.classifier() == null ? "" : c.classifier());
            perKind.merge(kind, c, (a, b) -> BUILD_ORDER.compare(a, b) >= 0 ? a : b);
        }
        if (newest == null) {
            return Optional.empty();
        }
        StringBuilder xml = header(newest.groupId(), newest.artifactId(), newest.version(), " modelVersion=\"1.1.0\"")
                .append("  <versioning>\n")
                .append("    <snapshot>\n")
                .append("      <timestamp>").append(newest.timestamp()).append("</timestamp>\n")
                .append("      <buildNumber>").append(newest.buildNumber()).append("</buildNumber>\n")
                .append("    </snapshot>\n")
                .append("    <lastUpdated>").append(updated(newest)).append("</lastUpdated>\n")
                .append("    <snapshotVersions>\n");
        for (MavenPath.Coordinates c : perKind.values()) {
            xml.append("      <snapshotVersion>\n");
            if (c.classifier() != null) {
                xml.append("        <classifier>").append(escape(c.classifier())).append("</classifier>\n");
            }
            xml.append("        <extension>").append(escape(c.extension())).append("</extension>\n")
                    .append("        <value>").append(escape(c.fileVersion())).append("</value>\n")
                    .append("        <updated>").append(updated(c)).append("</updated>\n")
                    .append("      </snapshotVersion>\n");
        }
        xml.append("    </snapshotVersions>\n  </versioning>\n</metadata>\n");
        return Optional.of(xml.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static StringBuilder header(String groupId, String artifactId, String version, String attributes) {
        StringBuilder xml = new StringBuilder(512)
                .append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
                .append("<metadata").append(attributes).append(">\n")
                .append("  <groupId>").append(escape(groupId)).append("</groupId>\n")
                .append("  <artifactId>").append(escape(artifactId)).append("</artifactId>\n");
        if (version != null) {
            xml.append("  <version>").append(escape(version)).append("</version>\n");
        }
        return xml;
    }

    private static Optional<MavenPath.Coordinates> artifactFile(String path) {
        try {
            MavenPath parsed = MavenPath.parse(path);
            return parsed.checksum().isPresent() ? Optional.empty() : Optional.ofNullable(parsed.coordinates());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static String fileName(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /** A snapshot's timestamp (yyyyMMdd.HHmmss) in the lastUpdated form (yyyyMMddHHmmss). */
    private static String updated(MavenPath.Coordinates c) {
        return c.timestamp().replace(".", "");
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
