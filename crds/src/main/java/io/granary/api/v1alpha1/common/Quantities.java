package io.granary.api.v1alpha1.common;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Converts Kubernetes quantity strings ({@code 500Gi}, {@code 10Mi}, {@code 1G}, {@code 1024}) to byte counts. */
public final class Quantities {

    // The Kubernetes quantity grammar without a minus sign: byte counts are never negative.
    private static final Pattern QUANTITY =
            Pattern.compile("^\\+?([0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(?:([KMGTPE]i|[numkMGTPE])|[eE]([+-]?[0-9]+))?$");

    private static final Map<String, BigDecimal> SUFFIXES = Map.ofEntries(
            Map.entry("Ki", BigDecimal.valueOf(2).pow(10)),
            Map.entry("Mi", BigDecimal.valueOf(2).pow(20)),
            Map.entry("Gi", BigDecimal.valueOf(2).pow(30)),
            Map.entry("Ti", BigDecimal.valueOf(2).pow(40)),
            Map.entry("Pi", BigDecimal.valueOf(2).pow(50)),
            Map.entry("Ei", BigDecimal.valueOf(2).pow(60)),
            Map.entry("n", BigDecimal.ONE.scaleByPowerOfTen(-9)),
            Map.entry("u", BigDecimal.ONE.scaleByPowerOfTen(-6)),
            Map.entry("m", BigDecimal.ONE.scaleByPowerOfTen(-3)),
            Map.entry("k", BigDecimal.ONE.scaleByPowerOfTen(3)),
            Map.entry("M", BigDecimal.ONE.scaleByPowerOfTen(6)),
            Map.entry("G", BigDecimal.ONE.scaleByPowerOfTen(9)),
            Map.entry("T", BigDecimal.ONE.scaleByPowerOfTen(12)),
            Map.entry("P", BigDecimal.ONE.scaleByPowerOfTen(15)),
            Map.entry("E", BigDecimal.ONE.scaleByPowerOfTen(18)));

    // Exponents beyond this cannot fit a long and would only make BigDecimal work hard.
    private static final int MAX_EXPONENT = 30;

    private Quantities() {
    }

    /**
     * The number of bytes a quantity stands for, rounded up to a whole byte as Kubernetes does.
     *
     * @throws IllegalArgumentException if the text is not a non-negative quantity or does not fit a long
     */
    public static long toBytes(String quantity) {
        Matcher m = quantity == null ? null : QUANTITY.matcher(quantity);
        if (m == null || !m.matches()) {
            throw new IllegalArgumentException("not a Kubernetes quantity of bytes: '" + quantity
                    + "' (expected e.g. 500Gi, 10Mi, 1G or 1024)");
        }
        BigDecimal amount = new BigDecimal(m.group(1));
        if (m.group(2) != null) {
            amount = amount.multiply(SUFFIXES.get(m.group(2)));
        } else if (m.group(3) != null) {
            int exponent = Integer.parseInt(m.group(3).replace("+", ""));
            if (exponent > MAX_EXPONENT) {
                throw tooLarge(quantity, null);
            }
            amount = amount.scaleByPowerOfTen(Math.max(exponent, -MAX_EXPONENT));
        }
        try {
            return amount.setScale(0, RoundingMode.CEILING).longValueExact();
        } catch (ArithmeticException e) {
            throw tooLarge(quantity, e);
        }
    }

    private static IllegalArgumentException tooLarge(String quantity, Throwable cause) {
        return new IllegalArgumentException("quantity too large for a byte count: '" + quantity + "'", cause);
    }
}
