package io.granary.registry.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

    @Test
    void millis() {
        assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void seconds() {
        assertThat(Durations.parse("30s")).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void minutes() {
        assertThat(Durations.parse("30m")).isEqualTo(Duration.ofMinutes(30));
    }

    @Test
    void hours() {
        assertThat(Durations.parse("2h")).isEqualTo(Duration.ofHours(2));
    }

    @Test
    void days() {
        assertThat(Durations.parse("1d")).isEqualTo(Duration.ofDays(1));
    }

    @Test
    void zeroIsADuration() {
        assertThat(Durations.parse("0s")).isZero();
    }

    @Test
    void surroundingWhitespaceIsIgnored() {
        assertThat(Durations.parse(" 30s\n")).isEqualTo(Duration.ofSeconds(30));
    }

    @ParameterizedTest(name = "[{0}]")
    @NullSource
    @ValueSource(strings = {"", "30", "s", "1w", "-1s", "+1s", "1.5s", "1 s", "30S", "1h30m", "PT30S", "ms"})
    void refusesOtherFormsWithTheAcceptedOnes(String text) {
        assertThatThrownBy(() -> Durations.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a duration")
                .hasMessageContaining("500ms, 30s, 30m, 2h, 1d");
    }

    @Test
    void numberTooLargeForALongIsRefusedAsIllegalArgument() {
        assertThatThrownBy(() -> Durations.parse("99999999999999999999s"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    // Callers (the SLI endpoint's ?window=) map only IllegalArgumentException to 400; anything else is a 500.
    @Test
    void durationTooLargeForJavaTimeIsRefusedAsIllegalArgument() {
        assertThatThrownBy(() -> Durations.parse("999999999999999d"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
