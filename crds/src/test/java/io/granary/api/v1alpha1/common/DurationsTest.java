package io.granary.api.v1alpha1.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

    @ParameterizedTest
    @CsvSource({
        "500ms, PT0.5S",
        "41ms, PT0.041S",
        "5s, PT5S",
        "1.5s, PT1.5S",
        "10m, PT10M",
        "30m, PT30M",
        "1h30m, PT1H30M",
        "90d, PT2160H",
        "1d12h, PT36H",
    })
    void parsesApiDurations(String text, Duration expected) {
        assertThat(Durations.parse(text)).isEqualTo(expected);
        assertThat(text).matches(ApiPatterns.DURATION);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"10", "m", "1x", "-5s", "5 s", "1h 30m", "PT5S", "5S"})
    void refusesOtherText(String text) {
        assertThatIllegalArgumentException().isThrownBy(() -> Durations.parse(text)).withMessageContaining("not a duration");
    }
}
