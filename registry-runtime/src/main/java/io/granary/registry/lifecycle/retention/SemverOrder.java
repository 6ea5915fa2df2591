package io.granary.registry.lifecycle.retention;

import java.util.Comparator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Precedence of semantic versions (semver.org §11) for npm and Helm; unparsable versions sort first, by text. */
public final class SemverOrder implements Comparator<String> {

    public static final SemverOrder INSTANCE = new SemverOrder();

    private static final Pattern SEMVER = Pattern.compile(
            "v?(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)(?:-([0-9A-Za-z.-]+))?(?:\\+[0-9A-Za-z.-]+)?");

    private SemverOrder() {
    }

    /** Whether the version has a pre-release part. */
    public static boolean prerelease(String version) {
        Matcher m = SEMVER.matcher(version);
        return m.matches() && m.group(4) != null;
    }

    @Override
    public int compare(String a, String b) {
        Matcher x = SEMVER.matcher(a);
        Matcher y = SEMVER.matcher(b);
        boolean vx = x.matches();
        boolean vy = y.matches();
        if (!vx || !vy) {
            return vx == vy ? a.compareTo(b) : vx ? 1 : -1;
        }
        for (int i = 1; i <= 3; i++) {
            int c = new java.math.BigInteger(x.group(i)).compareTo(new java.math.BigInteger(y.group(i)));
            if (c != 0) {
                return c;
            }
        }
        return comparePrerelease(x.group(4), y.group(4));
    }

    private static int comparePrerelease(String a, String b) {
        if (a == null || b == null) {
            return a == null ? (b == null ? 0 : 1) : -1;
        }
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        for (int i = 0; i < Math.min(x.length, y.length); i++) {
            boolean nx = x[i].chars().allMatch(Character::isDigit);
            boolean ny = y[i].chars().allMatch(Character::isDigit);
            int c = nx && ny ? new java.math.BigInteger(x[i]).compareTo(new java.math.BigInteger(y[i]))
                    : nx != ny ? (nx ? -1 : 1) : x[i].compareTo(y[i]);
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(x.length, y.length);
    }
}
