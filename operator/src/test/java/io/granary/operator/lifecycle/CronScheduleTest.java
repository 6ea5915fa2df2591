package io.granary.operator.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Next-run computation of RetentionPolicy schedules. */
class CronScheduleTest {

    private static String next(String cron, String zone, String after) {
        return CronSchedule.parse(cron, zone).next(Instant.parse(after)).toInstant().toString();
    }

    @Test
    void computesTheNextMatchingMinute() {
        assertThat(next("0 3 * * *", null, "2026-11-28T00:10:00Z")).isEqualTo("2026-11-28T03:00:00Z");
        assertThat(next("0 3 * * *", null, "2026-11-28T03:00:00Z")).isEqualTo("2026-11-29T03:00:00Z");
        assertThat(next("*/15 * * * *", null, "2026-11-28T00:10:30Z")).isEqualTo("2026-11-28T00:15:00Z");
        assertThat(next("@hourly", null, "2026-11-28T23:59:00Z")).isEqualTo("2026-11-29T00:00:00Z");
        assertThat(next("30 1 1 1 *", null, "2026-11-28T00:00:00Z")).isEqualTo("2027-01-01T01:30:00Z");
        // 2026-11-28 is a Saturday: Mondays at 06:00.
        assertThat(next("0 6 * * 1", null, "2026-11-28T00:00:00Z")).isEqualTo("2026-11-30T06:00:00Z");
        // Either day field matches when both are restricted, as cron does.
        assertThat(next("0 0 15 * 1", null, "2026-11-28T00:00:00Z")).isEqualTo("2026-11-30T00:00:00Z");
    }

    @Test
    void honoursTheTimeZone() {
        assertThat(next("0 3 * * *", "Europe/Berlin", "2026-11-28T00:00:00Z")).isEqualTo("2026-11-28T02:00:00Z");
    }

    @Test
    void refusesWhatCronCannotMean() {
        assertThatThrownBy(() -> CronSchedule.parse("61 * * * *", null)).hasMessageContaining("minute 61");
        assertThatThrownBy(() -> CronSchedule.parse("* * *", null)).hasMessageContaining("5 fields");
        assertThatThrownBy(() -> CronSchedule.parse("0 3 * * *", "Mars/Olympus")).hasMessageContaining("time zone");
        assertThatThrownBy(() -> CronSchedule.parse("0 0 30 2 *", null).next(Instant.EPOCH)).hasMessageContaining("never");
    }
}
