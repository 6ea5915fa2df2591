package io.granary.registry.maven;

import io.granary.registry.storage.ChecksumAlgorithm;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A path of the Maven 2 repository layout, parsed and checked: an artifact file
 * ({@code g/r/o/u/p/artifactId/version/artifactId-version[-classifier].ext}) or a
 * {@code maven-metadata.xml}, either one possibly with a checksum suffix ({@code .sha1 .md5 .sha256 .sha512}).
 *
 * @param file the path of the file itself (without the checksum suffix)
 * @param checksum the algorithm when the path names a checksum of {@code file}
 * @param coordinates set for artifact files, null for metadata
 */
public record MavenPath(String file, Optional<ChecksumAlgorithm> checksum, Coordinates coordinates) {

    /** The metadata file name the layout reserves in every folder. */
    public static final String METADATA = "maven-metadata.xml";
    static final String SNAPSHOT = "SNAPSHOT";

    private static final Map<String, ChecksumAlgorithm> SUFFIXES = Map.of(
            ".sha1", ChecksumAlgorithm.SHA1, ".md5", ChecksumAlgorithm.MD5,
            ".sha256", ChecksumAlgorithm.SHA256, ".sha512", ChecksumAlgorithm.SHA512);
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.+~-]*");
    private static final Pattern TIMESTAMPED = Pattern.compile("(\\d{8}\\.\\d{6})-(\\d{1,9})");

    /**
     * One artifact file. For a timestamped SNAPSHOT file {@code timestamp} (yyyyMMdd.HHmmss) and
     * {@code buildNumber} are set; otherwise they are null and 0.
     */
    public record Coordinates(String groupId, String artifactId, String version, String classifier, String extension,
                              String timestamp, int buildNumber) {

        public boolean snapshot() {
            return version.endsWith("-" + SNAPSHOT);
        }

        /** The version written in the file name: the timestamped one of a deployed SNAPSHOT. */
        public String fileVersion() {
            return timestamp == null ? version : baseVersion() + timestamp + "-" + buildNumber;
        }

        String baseVersion() {
            return version.substring(0, version.length() - SNAPSHOT.length());
        }
    }

    /** Parses a path already made safe by {@code AssetPath.parse}; throws IllegalArgumentException with the reason. */
    public static MavenPath parse(String path) {
        if (path.isEmpty() || path.endsWith("/")) {
            throw new IllegalArgumentException("a Maven path names a file, not a folder");
        }
        Optional<ChecksumAlgorithm> checksum = Optional.empty();
        String file = path;
        for (var suffix : SUFFIXES.entrySet()) {
            if (path.endsWith(suffix.getKey())) {
                checksum = Optional.of(suffix.getValue());
                file = path.substring(0, path.length() - suffix.getKey().length());
            }
        }
        String[] segments = file.split("/");
        for (String segment : segments) {
            if (!NAME.matcher(segment).matches()) {
                throw new IllegalArgumentException("'" + segment + "' is not a valid Maven path segment");
            }
        }
        String name = segments[segments.length - 1];
        if (name.equals(METADATA)) {
            if (segments.length < 2) {
                throw new IllegalArgumentException(METADATA + " belongs in a group, artifact or version folder");
            }
            return new MavenPath(file, checksum, null);
        }
        if (segments.length < 4) {
            throw new IllegalArgumentException("an artifact path is groupId/artifactId/version/file, with a groupId");
        }
        return new MavenPath(file, checksum, coordinates(segments));
    }

    private static Coordinates coordinates(String[] segments) {
        int n = segments.length;
        String groupId = String.join(".", Arrays.copyOfRange(segments, 0, n - 3));
        String artifactId = segments[n - 3];
        String version = segments[n - 2];
        String name = segments[n - 1];
        String prefix = artifactId + "-";
        if (!name.startsWith(prefix)) {
            throw new IllegalArgumentException("file " + name + " does not start with the artifactId " + artifactId);
        }
        String rest = name.substring(prefix.length());
        String timestamp = null;
        int buildNumber = 0;
        if (rest.startsWith(version)) {
            rest = rest.substring(version.length());
        } else if (version.endsWith("-" + SNAPSHOT)
                && rest.startsWith(version.substring(0, version.length() - SNAPSHOT.length()))) {
            rest = rest.substring(version.length() - SNAPSHOT.length());
            Matcher stamp = TIMESTAMPED.matcher(rest);
            if (!stamp.lookingAt()) {
                throw new IllegalArgumentException("file " + name + " does not carry the version " + version
                        + " or a timestamped snapshot of it");
            }
            timestamp = stamp.group(1);
            buildNumber = Integer.parseInt(stamp.group(2));
            rest = rest.substring(stamp.end());
        } else {
            throw new IllegalArgumentException("file " + name + " does not carry the version " + version);
        }
        String classifier = null;
        if (rest.startsWith("-")) {
            int dot = rest.indexOf('.');
            if (dot <= 1) {
                throw new IllegalArgumentException("file " + name + " has an empty classifier or no extension");
            }
            classifier = rest.substring(1, dot);
            rest = rest.substring(dot);
        }
        if (!rest.startsWith(".") || rest.length() < 2 || rest.endsWith(".")) {
            throw new IllegalArgumentException("file " + name + " must be " + artifactId + "-" + version
                    + "[-classifier].extension");
        }
        return new Coordinates(groupId, artifactId, version, classifier, rest.substring(1), timestamp, buildNumber);
    }

    /** Whether this names a maven-metadata.xml (or its checksum). */
    public boolean metadata() {
        return coordinates == null;
    }

    /** The folder holding the file, without a trailing slash. */
    public String folder() {
        return file.substring(0, file.lastIndexOf('/'));
    }
}
