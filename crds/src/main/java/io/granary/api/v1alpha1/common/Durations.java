package io.granary.api.v1alpha1.common;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses the duration strings of the API ({@code 500ms}, {@code 10m}, {@code 1h30m}, {@code 90d}), see {@link ApiPatterns#DURATION}. */
public final class Durations {

    private static final Pattern WHOLE = Pattern.compile(ApiPatterns.DURATION);
    private static final Pattern PART = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)(ms|s|m|h|d)");

    private Durations() {
    }

    /**
     * The duration the text stands for, to the millisecond.
     *
     * @throws IllegalArgumentException if the text is not an API duration
     */
    public static Duration parse(String text) {
        if (text == null || !WHOLE.matcher(text).matches()) {
            throw new IllegalArgumentException("not a duration: '" + text + "' (expected e.g. 500ms, 10m, 1h30m or 90d)");
        }
        BigDecimal millis = BigDecimal.ZERO;
        Matcher part = PART.matcher(text);
        while (part.find()) {
            millis = millis.add(new BigDecimal(part.group(1)).multiply(BigDecimal.valueOf(unitMillis(part.group(2)))));
        }
        try {
            return Duration.ofMillis(millis.setScale(0, RoundingMode.DOWN).longValueExact());
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("duration too long: '" + text + "'", e);
        }
    }

    private static long unitMillis(String unit) {
        return switch (unit) {
            case "ms" -> 1L;
            case "s" -> 1_000L;
            case "m" -> 60_000L;
            case "h" -> 3_600_000L;
            case "d" -> 86_400_000L;
            default -> throw new IllegalStateException("unit " + unit);
        };
    }
}
