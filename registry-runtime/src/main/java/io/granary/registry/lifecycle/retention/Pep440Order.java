package io.granary.registry.lifecycle.retention;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Ordering of PEP 440 versions for PyPI: epoch, release numbers (trailing zeros ignored), then
 * dev &lt; pre-release (a &lt; b &lt; rc) &lt; final &lt; post; local labels are ignored. Versions that are not
 * PEP 440 sort first, by text.
 */
final class Pep440Order implements Comparator<String> {

    static final Pep440Order INSTANCE = new Pep440Order();

    private static final Pattern PEP440 = Pattern.compile("v?(?:(\\d+)!)?(\\d+(?:\\.\\d+)*)"
            + "(?:[-_.]?(a|alpha|b|beta|c|rc|pre|preview)[-_.]?(\\d*))?"
            + "(?:-(\\d+)|[-_.]?(?:post|rev|r)[-_.]?(\\d*))?"
            + "(?:[-_.]?dev[-_.]?(\\d*))?(?:\\+[a-z0-9]+(?:[-_.][a-z0-9]+)*)?");

    /** A parsed version as comparable parts. */
    private record Key(BigInteger epoch, List<BigInteger> release, int phase, BigInteger pre, BigInteger post,
                       BigInteger dev) {
    }

    private Pep440Order() {
    }

    /** Whether the version is a pre- or dev release. */
    static boolean prerelease(String version) {
        Key k = parse(version);
        return k != null && (k.phase < 3 || k.dev != null);
    }

    @Override
    public int compare(String a, String b) {
        Key x = parse(a);
        Key y = parse(b);
        if (x == null || y == null) {
            return x == y ? a.compareTo(b) : x != null ? 1 : -1;
        }
        int c = x.epoch.compareTo(y.epoch);
        for (int i = 0; c == 0 && i < Math.max(x.release.size(), y.release.size()); i++) {
            c = part(x.release, i).compareTo(part(y.release, i));
        }
        if (c == 0) {
            c = Integer.compare(rank(x), rank(y));
        }
        if (c == 0) {
            c = nullsLow(x.pre, y.pre);
        }
        if (c == 0) {
            c = nullsLow(x.post, y.post);
        }
        if (c == 0) {
            // No dev part sorts after any dev release of the same version.
            c = x.dev == null ? (y.dev == null ? 0 : 1) : y.dev == null ? -1 : x.dev.compareTo(y.dev);
        }
        return c;
    }

    /** A dev release of a final version sorts before its pre-releases; a/b/rc by phase; then final. */
    private static int rank(Key k) {
        return k.phase == 3 && k.post == null && k.dev != null ? -1 : k.phase;
    }

    private static int nullsLow(BigInteger a, BigInteger b) {
        return a == null ? (b == null ? 0 : -1) : b == null ? 1 : a.compareTo(b);
    }

    private static BigInteger part(List<BigInteger> release, int i) {
        return i < release.size() ? release.get(i) : BigInteger.ZERO;
    }

    private static Key parse(String version) {
        Matcher m = PEP440.matcher(version.strip().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            return null;
        }
        List<BigInteger> release = new ArrayList<>();
        for (String n : m.group(2).split("\\.")) {
            release.add(new BigInteger(n));
        }
        int phase = 3;
        BigInteger pre = null;
        if (m.group(3) != null) {
            phase = switch (m.group(3)) {
                case "a", "alpha" -> 0;
                case "b", "beta" -> 1;
                default -> 2;
            };
            pre = number(m.group(4));
        }
        BigInteger post = m.group(5) != null ? new BigInteger(m.group(5))
                : m.group(6) != null ? number(m.group(6)) : null;
        BigInteger dev = m.group(7) != null ? number(m.group(7)) : null;
        return new Key(m.group(1) == null ? BigInteger.ZERO : new BigInteger(m.group(1)), release, phase, pre, post, dev);
    }

    private static BigInteger number(String digits) {
        return digits == null || digits.isEmpty() ? BigInteger.ZERO : new BigInteger(digits);
    }
}
