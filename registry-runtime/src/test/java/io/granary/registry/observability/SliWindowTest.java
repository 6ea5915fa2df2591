package io.granary.registry.observability;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SliWindowTest {

    private static final long BUCKET = 1_000;

    private final SliWindow window = new SliWindow(BUCKET, 10);

    @Test
    void emptyWindowHasNoRequestsAndNoP95() {
        SliSnapshot.Figures figures = window.read(5_000, 5_000);

        assertThat(figures).isEqualTo(new SliSnapshot.Figures(0, 0, -1));
        assertThat(figures.successRatio()).isEqualTo(1.0);
    }

    @Test
    void countsRequestsAndFailuresWithinTheWindow() {
        for (int i = 0; i < 9; i++) {
            window.record(5_000 + i * 100, 3, false);
        }
        window.record(5_950, 3, true);

        SliSnapshot.Figures figures = window.read(6_000, 5_000);

        assertThat(figures.requests()).isEqualTo(10);
        assertThat(figures.failures()).isEqualTo(1);
        assertThat(figures.successRatio()).isEqualTo(0.9);
    }

    @Test
    void sumsEveryBucketOfTheWindow() {
        window.record(6_000, 3, false);
        window.record(7_500, 3, true);
        window.record(8_999, 3, false);

        SliSnapshot.Figures figures = window.read(8_999, 3_000);

        assertThat(figures.requests()).isEqualTo(3);
        assertThat(figures.failures()).isEqualTo(1);
    }

    @Test
    void p95IsTheUpperBoundOfTheBucketHoldingThe95thPercentile() {
        record(95, 3);
        record(5, 700);

        assertThat(window.read(5_000, 5_000).p95Millis()).isEqualTo(5);
    }

    @Test
    void p95MovesUpWhenMoreThanFivePercentAreSlow() {
        record(94, 3);
        record(6, 700);

        assertThat(window.read(5_000, 5_000).p95Millis()).isEqualTo(1_000);
    }

    @Test
    void latencyOnABoundCountsInThatBucket() {
        record(100, 10);

        assertThat(window.read(5_000, 5_000).p95Millis()).isEqualTo(10);
    }

    @Test
    void latencyBeyondTheLastBoundHasNoUpperBound() {
        record(100, 60_001);

        assertThat(window.read(5_000, 5_000).p95Millis()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void bucketsOlderThanTheWindowAreExcluded() {
        window.record(1_000, 700, true);
        window.record(8_000, 3, false);

        SliSnapshot.Figures figures = window.read(8_500, 3_000);

        assertThat(figures).isEqualTo(new SliSnapshot.Figures(1, 0, 5));
    }

    @Test
    void bucketsNewerThanNowAreExcluded() {
        window.record(8_000, 3, false);

        assertThat(window.read(7_500, 3_000).requests()).isZero();
    }

    @Test
    void wideningTheWindowIncludesOlderBuckets() {
        window.record(1_000, 3, true);
        window.record(8_000, 3, false);

        assertThat(window.read(8_500, 8_000).requests()).isEqualTo(2);
    }

    @Test
    void ringWrapAroundReplacesTheOldestBucket() {
        SliWindow ring = new SliWindow(BUCKET, 3);
        ring.record(0, 700, true);      // epoch 0, slot 0
        ring.record(1_000, 3, false);   // epoch 1, slot 1
        ring.record(2_000, 3, false);   // epoch 2, slot 2
        ring.record(3_000, 3, false);   // epoch 3, slot 0 again: epoch 0 is gone

        SliSnapshot.Figures figures = ring.read(3_500, 60_000);

        assertThat(figures).isEqualTo(new SliSnapshot.Figures(3, 0, 5));
    }

    @Test
    void staleSlotFromAnEarlierLapIsNotCounted() {
        SliWindow ring = new SliWindow(BUCKET, 3);
        ring.record(0, 3, true);        // epoch 0, slot 0 (never overwritten)
        ring.record(4_000, 3, false);   // epoch 4, slot 1

        assertThat(ring.read(4_500, 2_000).requests()).isEqualTo(1);
    }

    @Test
    void recordingIntoAReusedSlotStartsFromZero() {
        SliWindow ring = new SliWindow(BUCKET, 2);
        for (int i = 0; i < 5; i++) {
            ring.record(0, 60_001, true);   // epoch 0, slot 0
        }
        ring.record(2_000, 3, false);       // epoch 2, slot 0

        assertThat(ring.read(2_000, 0)).isEqualTo(new SliSnapshot.Figures(1, 0, 5));
    }

    private void record(int count, long latencyMillis) {
        for (int i = 0; i < count; i++) {
            window.record(4_000 + i, latencyMillis, false);
        }
    }
}
