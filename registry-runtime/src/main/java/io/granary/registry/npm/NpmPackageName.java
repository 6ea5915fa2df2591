package io.granary.registry.npm;

import java.util.regex.Pattern;

/**
 * A valid npm package name, unscoped ({@code left-pad}) or scoped ({@code @acme/widgets}), and the
 * names derived from it: the URL form npm sends, tarball file names and asset paths.
 *
 * @param scope {@code @acme}, or "" when unscoped
 * @param name the name without its scope
 */
record NpmPackageName(String scope, String name) {

    private static final int MAX_LENGTH = 214;
    private static final Pattern PART = Pattern.compile("[a-z0-9~-][a-z0-9._~-]*");

    /** Parses {@code name} or {@code @scope/name}; throws IllegalArgumentException with the reason. */
    static NpmPackageName parse(String full) {
        if (full == null || full.isEmpty()) {
            throw new IllegalArgumentException("package name is empty");
        }
        if (full.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("package name is longer than " + MAX_LENGTH + " characters");
        }
        String scope = "";
        String name = full;
        if (full.startsWith("@")) {
            int slash = full.indexOf('/');
            if (slash < 0) {
                throw new IllegalArgumentException("scoped package name must look like @scope/name: " + full);
            }
            scope = full.substring(0, slash);
            name = full.substring(slash + 1);
            if (!PART.matcher(scope.substring(1)).matches()) {
                throw new IllegalArgumentException("invalid package scope: " + scope);
            }
        }
        if (!PART.matcher(name).matches()) {
            throw new IllegalArgumentException("invalid package name: " + full
                    + " (lowercase letters, digits and - . _ ~; not starting with . or _)");
        }
        return new NpmPackageName(scope, name);
    }

    boolean scoped() {
        return !scope.isEmpty();
    }

    /** {@code @acme/widgets} or {@code left-pad}. */
    String full() {
        return scoped() ? scope + "/" + name : name;
    }

    /** The tarball's file name: the unscoped name and the version. */
    String tarballFile(String version) {
        return name + "-" + version + ".tgz";
    }

    /** Where the tarball of a version is stored (and served, below the repository's prefix). */
    String tarballPath(String version) {
        return full() + "/-/" + tarballFile(version);
    }
}
