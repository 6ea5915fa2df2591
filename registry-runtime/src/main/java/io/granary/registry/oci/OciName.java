package io.granary.registry.oci;

import java.util.regex.Pattern;

/**
 * A request path under {@code /v2/} split into the repository name and the resource it addresses.
 * Names may contain segments such as "blobs" or "manifests", so the resource is found from the end
 * (spec §Endpoints). The first name segment is the Granary repository, the rest the image.
 */
record OciName(Kind kind, String name, String repository, String image, String reference) {

    /** What the path addresses. */
    enum Kind { BASE, CATALOG, BLOB, UPLOAD_START, UPLOAD, MANIFEST, TAGS, REFERRERS }

    /** Spec §Pulling manifests: the name grammar. */
    static final Pattern NAME = Pattern.compile(
            "[a-z0-9]+((\\.|_|__|-+)[a-z0-9]+)*(/[a-z0-9]+((\\.|_|__|-+)[a-z0-9]+)*)*");
    static final Pattern TAG = Pattern.compile("[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}");
    static final int MAX_NAME_LENGTH = 255;

    /** The path does not address a known resource, or the name is invalid. */
    static final class Invalid extends Exception {
        final boolean badName;

        Invalid(String message, boolean badName) {
            super(message, null, false, false);
            this.badName = badName;
        }
    }

    /** Parses the raw path after {@code /v2/}. */
    static OciName parse(String rest) throws Invalid {
        if (rest.isEmpty()) {
            return new OciName(Kind.BASE, null, null, null, null);
        }
        if (rest.equals("_catalog")) {
            return new OciName(Kind.CATALOG, null, null, null, null);
        }
        String[] segments = rest.split("/", -1);
        int n = segments.length;
        if (rest.endsWith("/blobs/uploads/") || rest.endsWith("/blobs/uploads")) {
            int cut = rest.endsWith("/") ? 3 : 2;
            return of(Kind.UPLOAD_START, segments, n - cut, null);
        }
        if (n >= 4 && segments[n - 3].equals("blobs") && segments[n - 2].equals("uploads")) {
            return of(Kind.UPLOAD, segments, n - 3, segments[n - 1]);
        }
        if (n >= 3 && segments[n - 2].equals("tags") && segments[n - 1].equals("list")) {
            return of(Kind.TAGS, segments, n - 2, null);
        }
        if (n >= 3) {
            switch (segments[n - 2]) {
                case "blobs":
                    return of(Kind.BLOB, segments, n - 2, segments[n - 1]);
                case "manifests":
                    return of(Kind.MANIFEST, segments, n - 2, segments[n - 1]);
                case "referrers":
                    return of(Kind.REFERRERS, segments, n - 2, segments[n - 1]);
                default:
                    break;
            }
        }
        throw new Invalid("no such endpoint", false);
    }

    private static OciName of(Kind kind, String[] segments, int nameSegments, String reference) throws Invalid {
        if (nameSegments < 2) {
            throw new Invalid("a name is <repository>/<image>", true);
        }
        String name = String.join("/", java.util.Arrays.copyOf(segments, nameSegments));
        if (name.length() > MAX_NAME_LENGTH || !NAME.matcher(name).matches()) {
            throw new Invalid("invalid repository name", true);
        }
        int slash = name.indexOf('/');
        return new OciName(kind, name, name.substring(0, slash), name.substring(slash + 1), reference);
    }
}
