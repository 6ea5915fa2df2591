package io.granary.operator.lifecycle;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.BitSet;

/**
 * A five-field cron expression (minute hour day-of-month month day-of-week; {@code *}, numbers, lists, ranges and
 * steps, as a CronJob reads it, in UTC) and its next firing time, for a status's nextRunTime.
 */
final class CronSchedule {

    private final BitSet minutes;
    private final BitSet hours;
    private final BitSet days;
    private final BitSet months;
    private final BitSet weekdays;
    private final boolean anyDay;
    private final boolean anyWeekday;

    private CronSchedule(String[] f) {
        minutes = field(f[0], 0, 59);
        hours = field(f[1], 0, 23);
        days = field(f[2], 1, 31);
        months = field(f[3], 1, 12);
        weekdays = field(f[4].replace("7", "0"), 0, 6);
        anyDay = f[2].equals("*");
        anyWeekday = f[4].equals("*");
    }

    static CronSchedule parse(String expression) {
        String[] fields = expression.trim().split("\\s+");
        if (fields.length != 5) {
            throw new IllegalArgumentException("a schedule has five fields: " + expression);
        }
        return new CronSchedule(fields);
    }

    /** The first firing strictly after {@code after}; searches at most a year and some minutes ahead. */
    Instant next(Instant after) {
        ZonedDateTime t = after.atZone(ZoneOffset.UTC).truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
        for (int i = 0; i < 60 * 24 * 370; i++) {
            if (months.get(t.getMonthValue()) && dayMatches(t) && hours.get(t.getHour()) && minutes.get(t.getMinute())) {
                return t.toInstant();
            }
            t = t.plusMinutes(1);
        }
        throw new IllegalArgumentException("the schedule never fires within a year");
    }

    private boolean dayMatches(ZonedDateTime t) {
        boolean day = days.get(t.getDayOfMonth());
        boolean weekday = weekdays.get(t.getDayOfWeek().getValue() % 7);
        // As cron: when both are restricted, either matching is enough.
        return anyDay || anyWeekday ? day && weekday : day || weekday;
    }

    private static BitSet field(String text, int min, int max) {
        BitSet bits = new BitSet();
        for (String part : text.split(",")) {
            int step = 1;
            String range = part;
            int slash = part.indexOf('/');
            if (slash >= 0) {
                step = Integer.parseInt(part.substring(slash + 1));
                range = part.substring(0, slash);
            }
            int from;
            int to;
            if (range.equals("*")) {
                from = min;
                to = max;
            } else if (range.contains("-")) {
                from = Integer.parseInt(range.substring(0, range.indexOf('-')));
                to = Integer.parseInt(range.substring(range.indexOf('-') + 1));
            } else {
                from = Integer.parseInt(range);
                to = slash >= 0 ? max : from;
            }
            if (from < min || to > max || from > to || step < 1) {
                throw new IllegalArgumentException("field '" + part + "' is outside " + min + "-" + max);
            }
            for (int v = from; v <= to; v += step) {
                bits.set(v);
            }
        }
        return bits;
    }
}
