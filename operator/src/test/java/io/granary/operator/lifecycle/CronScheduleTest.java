package io.granary.operator.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class CronScheduleTest {

    private static final Instant NOW = Instant.parse("2026-11-28T00:07:30Z"); // a Saturday

    @Test
    void nextFiringFollowsEachField() {
        assertThat(CronSchedule.parse("*/30 * * * *").next(NOW)).isEqualTo(Instant.parse("2026-11-28T00:30:00Z"));
        assertThat(CronSchedule.parse("0 3 * * *").next(NOW)).isEqualTo(Instant.parse("2026-11-28T03:00:00Z"));
        assertThat(CronSchedule.parse("15 2 * * 1-5").next(NOW)).isEqualTo(Instant.parse("2026-11-30T02:15:00Z"));
        assertThat(CronSchedule.parse("0 0 1 1 *").next(NOW)).isEqualTo(Instant.parse("2027-01-01T00:00:00Z"));
        assertThat(CronSchedule.parse("7 0 * * *").next(NOW)).isEqualTo(Instant.parse("2026-11-29T00:07:00Z"));
    }

    @Test
    void malformedSchedulesAreRefused() {
        assertThatThrownBy(() -> CronSchedule.parse("* * *")).hasMessageContaining("five fields");
        assertThatThrownBy(() -> CronSchedule.parse("61 * * * *")).hasMessageContaining("outside 0-59");
    }
}
