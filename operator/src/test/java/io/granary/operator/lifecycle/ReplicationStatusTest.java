package io.granary.operator.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.granary.api.v1alpha1.common.ConditionReasons;
import io.granary.api.v1alpha1.common.ConditionTypes;
import io.granary.api.v1alpha1.common.Conditions;
import io.granary.api.v1alpha1.replication.Replication;
import io.granary.api.v1alpha1.replication.ReplicationStatus;
import io.granary.operator.common.StatusConditions;
import java.time.Clock;
import org.junit.jupiter.api.Test;

/** A run's result (the runtime's JSON) becomes counts, lag and InSync in status. */
class ReplicationStatusTest {

    private static StatusConditions conditions() {
        Replication replication = new Replication();
        replication.setMetadata(new ObjectMetaBuilder().withName("r").withGeneration(1L).build());
        return StatusConditions.from(replication, Clock.systemUTC());
    }

    @Test
    void cleanRunIsInSync() throws Exception {
        ReplicationStatus status = new ReplicationStatus();
        StatusConditions conditions = conditions();
        ReplicationReconciler.report(new ObjectMapper().readTree("{\"copied\":3,\"skipped\":9,\"failed\":0,\"lagSeconds\":0,"
                + "\"finishedAt\":\"2026-11-28T00:00:00Z\"}"), status, conditions);
        assertThat(status.getItemsCopied()).isEqualTo(3);
        assertThat(status.getItemsSkipped()).isEqualTo(9);
        assertThat(status.getLastSyncTime()).isEqualTo("2026-11-28T00:00:00Z");
        assertThat(Conditions.isTrue(conditions.build(), ConditionTypes.IN_SYNC)).isTrue();
        assertThat(Conditions.isTrue(conditions.build(), ConditionTypes.READY)).isTrue();
    }

    @Test
    void failedItemsLeaveItLaggingWithTheError() throws Exception {
        ReplicationStatus status = new ReplicationStatus();
        StatusConditions conditions = conditions();
        ReplicationReconciler.report(new ObjectMapper().readTree("{\"copied\":1,\"skipped\":0,\"failed\":2,\"lagSeconds\":40,"
                + "\"firstError\":\"a/b.bin: PUT answered 507\",\"finishedAt\":\"2026-11-28T00:00:00Z\"}"), status, conditions);
        assertThat(status.getLastSyncTime()).isNull();
        assertThat(status.getLagSeconds()).isEqualTo(40);
        assertThat(status.getLastError()).contains("a/b.bin");
        assertThat(Conditions.find(conditions.build(), ConditionTypes.IN_SYNC)).get().satisfies(c -> {
            assertThat(c.getStatus()).isEqualTo("False");
            assertThat(c.getReason()).isEqualTo(ConditionReasons.LAGGING);
        });
        assertThat(Conditions.find(conditions.build(), ConditionTypes.LAST_RUN_SUCCEEDED)).get()
                .extracting(c -> c.getReason()).isEqualTo(ConditionReasons.RUN_FAILED);
    }
}
