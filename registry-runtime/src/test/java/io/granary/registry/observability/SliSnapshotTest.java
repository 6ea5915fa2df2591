package io.granary.registry.observability;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SliSnapshotTest {

    @Test
    void successRatioIsOneWithoutRequests() {
        assertThat(new SliSnapshot.Figures(0, 0, -1).successRatio()).isEqualTo(1.0);
    }

    @Test
    void successRatioIsTheShareOfRequestsThatDidNotFail() {
        assertThat(new SliSnapshot.Figures(1_000, 1, 50).successRatio()).isEqualTo(0.999);
    }

    @Test
    void successRatioIsZeroWhenEveryRequestFailed() {
        assertThat(new SliSnapshot.Figures(4, 4, 50).successRatio()).isZero();
    }

    @Test
    void successRatioIsOneWhenNothingFailed() {
        assertThat(new SliSnapshot.Figures(4, 0, 50).successRatio()).isEqualTo(1.0);
    }
}
