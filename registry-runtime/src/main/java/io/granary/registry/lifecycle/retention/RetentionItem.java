package io.granary.registry.lifecycle.retention;

import java.time.Instant;
import java.util.List;

/**
 * One deletable unit of a repository as retention sees it: a version of an artifact (its files
 * together), a build of a Maven SNAPSHOT version, an OCI tag, or an untagged OCI manifest.
 *
 * @param artifact     what versions are grouped and counted by (Maven group:artifact, package, image, folder)
 * @param version      the version, build, tag or digest
 * @param kind         which rules apply to it
 * @param prerelease   a SNAPSHOT or pre-release version (for {@code snapshotsOnly})
 * @param pushedAt     when it was pushed (tag time for OCI tags)
 * @param downloadedAt when any of its files was last downloaded, or null
 * @param bytes        the sizes of its files
 * @param protection   why it may never be deleted (immutable, promoted, tagged), or null
 * @param targets      what deleting it removes: paths, or the tag or manifest digest for OCI
 */
public record RetentionItem(String artifact, String version, Kind kind, boolean prerelease, Instant pushedAt,
                            Instant downloadedAt, long bytes, String protection, List<String> targets) {

    /** Which rules select an item. */
    public enum Kind {
        /** A version: counted by keepLastVersions. */
        VERSION,
        /** A timestamped build of a Maven SNAPSHOT version: counted by keepLastSnapshotBuilds. */
        SNAPSHOT_BUILD,
        /** An OCI manifest no tag and no index references: selected only by untaggedManifests. */
        UNTAGGED_MANIFEST
    }

    /** The same item marked as never deletable. */
    public RetentionItem protectedBy(String reason) {
        return new RetentionItem(artifact, version, kind, prerelease, pushedAt, downloadedAt, bytes, reason, targets);
    }
}
