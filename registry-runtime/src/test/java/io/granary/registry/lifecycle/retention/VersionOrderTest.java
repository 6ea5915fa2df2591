package io.granary.registry.lifecycle.retention;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The per-format version orders retention counts "the newest N" by. */
class VersionOrderTest {

    private static List<String> sorted(java.util.Comparator<String> order, List<String> expected) {
        List<String> shuffled = new ArrayList<>(expected);
        Collections.shuffle(shuffled, new java.util.Random(3));
        shuffled.sort(order);
        return shuffled;
    }

    @Test
    void semverPrecedenceFollowsTheSpecification() {
        List<String> expected = List.of("1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta", "1.0.0-beta.2",
                "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0", "1.2.0", "1.10.0", "2.0.0");
        assertThat(sorted(SemverOrder.INSTANCE, expected)).containsExactlyElementsOf(expected);
        assertThat(SemverOrder.prerelease("1.0.0-rc.1")).isTrue();
        assertThat(SemverOrder.prerelease("1.0.0+build.5")).isFalse();
    }

    @Test
    void pep440OrderPutsDevBeforePreBeforeFinalBeforePost() {
        List<String> expected = List.of("1.0.dev1", "1.0a1", "1.0a2.dev1", "1.0a2", "1.0b1", "1.0rc1", "1.0", "1.0.post1",
                "1.0.1", "1.1", "1!0.1");
        assertThat(sorted(Pep440Order.INSTANCE, expected)).containsExactlyElementsOf(expected);
        assertThat(Pep440Order.INSTANCE.compare("1.0", "1.0.0")).isZero();
        assertThat(Pep440Order.prerelease("2.0rc1")).isTrue();
        assertThat(Pep440Order.prerelease("2.0.post1")).isFalse();
    }
}
