package io.granary.registry.pypi;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Project names (PEP 503 normalization, PEP 508 validity) and distribution file names. */
public final class PypiNames {

    private static final Pattern VALID_NAME = Pattern.compile("^([A-Za-z0-9]|[A-Za-z0-9][A-Za-z0-9._-]*[A-Za-z0-9])$");
    private static final Pattern WHEEL = Pattern.compile(
            "^(?<name>[A-Za-z0-9_.]+)-(?<version>[A-Za-z0-9_.!+]+)(-\\d[^-]*)?-[^-]+-[^-]+-[^-]+\\.whl$");
    private static final Pattern SDIST = Pattern.compile("^(?<name>.+)-(?<version>[A-Za-z0-9_.!+]+)\\.tar\\.gz$");
    private static final Pattern SAFE_FILENAME = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9_.+!-]*$");

    /** A distribution file name split into its parts. */
    record DistributionFile(String filename, String name, String version, boolean wheel) {

        /** The top folder of an sdist or the name of a wheel's .dist-info folder, without suffix. */
        String stem() {
            return name + "-" + version;
        }
    }

    private PypiNames() {
    }

    /** PEP 503: runs of {@code -_.} become one {@code -}, lower case. */
    public static String normalize(String name) {
        return name.replaceAll("[-_.]+", "-").toLowerCase(Locale.ROOT);
    }

    public static boolean isValid(String name) {
        return name != null && name.length() <= 200 && VALID_NAME.matcher(name).matches();
    }

    /** Versions compared as clients compare them in file names: case and {@code -}/{@code _} do not matter. */
    static boolean sameVersion(String a, String b) {
        return a != null && b != null && a.replace('_', '-').equalsIgnoreCase(b.replace('_', '-'));
    }

    /** The version a wheel or sdist file name states; throws IllegalArgumentException for any other name. */
    public static String versionOf(String filename) {
        return parse(filename).version();
    }

    /** Parses a wheel or sdist (.tar.gz) file name; throws IllegalArgumentException with a client message. */
    static DistributionFile parse(String filename) {
        if (filename == null || filename.isBlank()) {
            throw new IllegalArgumentException("the upload has no file name");
        }
        if (filename.length() > 255 || !SAFE_FILENAME.matcher(filename).matches()) {
            throw new IllegalArgumentException("invalid file name: " + filename.replaceAll("[^\\x20-\\x7e]", "?"));
        }
        Matcher wheel = WHEEL.matcher(filename);
        if (wheel.matches()) {
            return new DistributionFile(filename, wheel.group("name"), wheel.group("version"), true);
        }
        Matcher sdist = SDIST.matcher(filename);
        if (sdist.matches()) {
            return new DistributionFile(filename, sdist.group("name"), sdist.group("version"), false);
        }
        throw new IllegalArgumentException("invalid distribution file name " + filename
                + ": expected a wheel (name-version-python-abi-platform.whl) or an sdist (name-version.tar.gz)");
    }
}
