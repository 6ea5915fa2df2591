package io.granary.api.v1alpha1.common;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.granary.api.v1alpha1.repository.Repository;
import io.granary.api.v1alpha1.repository.RepositoryStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConditionsTest {

    private static final Instant T0 = Instant.parse("2025-01-01T10:00:00.123Z");
    private static final Instant T1 = Instant.parse("2025-01-01T10:05:00Z");

    @Test
    void addsANewConditionStampedWithNowInRfc3339() {
        List<Condition> conditions = new ArrayList<>();

        boolean changed = Conditions.upsert(conditions, ready(Condition.TRUE, "first"), T0);

        assertThat(changed).isTrue();
        assertThat(conditions).singleElement().satisfies(c -> {
            assertThat(c.getType()).isEqualTo(ConditionTypes.READY);
            assertThat(c.getLastTransitionTime()).isEqualTo("2025-01-01T10:00:00Z");
        });
    }

    @Test
    void keepsTheTransitionTimeWhileTheStatusStaysTheSame() {
        List<Condition> conditions = new ArrayList<>();
        Conditions.upsert(conditions, ready(Condition.TRUE, "first"), T0);

        boolean changed = Conditions.upsert(conditions, ready(Condition.TRUE, "second"), T1);

        assertThat(changed).isTrue();
        assertThat(conditions).singleElement().satisfies(c -> {
            assertThat(c.getMessage()).isEqualTo("second");
            assertThat(c.getLastTransitionTime()).isEqualTo("2025-01-01T10:00:00Z");
        });
    }

    @Test
    void movesTheTransitionTimeWhenTheStatusFlips() {
        List<Condition> conditions = new ArrayList<>();
        Conditions.upsert(conditions, ready(Condition.TRUE, "up"), T0);

        Conditions.upsert(conditions, ready(Condition.FALSE, "down"), T1);

        assertThat(conditions).singleElement().satisfies(c -> {
            assertThat(c.getStatus()).isEqualTo(Condition.FALSE);
            assertThat(c.getLastTransitionTime()).isEqualTo("2025-01-01T10:05:00Z");
        });
    }

    @Test
    void reportsNoChangeForAnIdenticalUpdateSoStatusIsNotPatched() {
        List<Condition> conditions = new ArrayList<>();
        Conditions.upsert(conditions, ready(Condition.TRUE, "same"), T0);
        List<Condition> before = new ArrayList<>(conditions);

        boolean changed = Conditions.upsert(conditions, ready(Condition.TRUE, "same"), T1);

        assertThat(changed).isFalse();
        assertThat(conditions).isEqualTo(before);
    }

    @Test
    void replacesOnlyTheConditionOfTheSameTypeAndKeepsOrder() {
        List<Condition> conditions = new ArrayList<>();
        Conditions.upsert(conditions, ready(Condition.UNKNOWN, "starting"), T0);
        Conditions.upsert(conditions, new Condition(ConditionTypes.BUCKET_READY, Condition.TRUE, ConditionReasons.BUCKET_EXISTS, null), T0);

        Conditions.upsert(conditions, ready(Condition.TRUE, "serving"), T1);

        assertThat(conditions).extracting(Condition::getType).containsExactly(ConditionTypes.READY, ConditionTypes.BUCKET_READY);
        assertThat(Conditions.isTrue(conditions, ConditionTypes.READY)).isTrue();
        assertThat(Conditions.isTrue(conditions, ConditionTypes.STALLED)).isFalse();
    }

    @Test
    void doesNotAliasTheCallersCondition() {
        List<Condition> conditions = new ArrayList<>();
        Condition update = ready(Condition.TRUE, "mine");

        Conditions.upsert(conditions, update, T0);
        update.setMessage("changed later");

        assertThat(conditions.get(0).getMessage()).isEqualTo("mine");
    }

    @Test
    void readyAtLatestGenerationNeedsTheCurrentGenerationAndReadyTrue() {
        assertThat(Conditions.isReadyAtLatestGeneration(repository(3L, 3L, Condition.TRUE, 3L))).isTrue();
        assertThat(Conditions.isReadyAtLatestGeneration(repository(3L, 3L, Condition.TRUE, null))).isTrue();
        assertThat(Conditions.isReadyAtLatestGeneration(repository(4L, 3L, Condition.TRUE, 3L))).isFalse();
        assertThat(Conditions.isReadyAtLatestGeneration(repository(4L, 4L, Condition.TRUE, 3L))).isFalse();
        assertThat(Conditions.isReadyAtLatestGeneration(repository(3L, 3L, Condition.FALSE, 3L))).isFalse();
        assertThat(Conditions.isReadyAtLatestGeneration(repository(3L, null, Condition.TRUE, 3L))).isFalse();
        assertThat(Conditions.isReadyAtLatestGeneration(new Repository())).isFalse();
    }

    private static Condition ready(String status, String message) {
        return new Condition(ConditionTypes.READY, status, ConditionReasons.SERVING, message);
    }

    private static Repository repository(Long generation, Long observedGeneration, String readyStatus, Long readyGeneration) {
        Repository repository = new Repository();
        repository.setMetadata(new ObjectMetaBuilder().withName("r").withGeneration(generation).build());
        RepositoryStatus status = new RepositoryStatus();
        status.setObservedGeneration(observedGeneration);
        Condition ready = ready(readyStatus, null);
        ready.setObservedGeneration(readyGeneration);
        status.getConditions().add(ready);
        repository.setStatus(status);
        return repository;
    }
}
