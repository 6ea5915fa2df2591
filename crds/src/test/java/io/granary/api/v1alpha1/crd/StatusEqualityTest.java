package io.granary.api.v1alpha1.crd;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.granary.api.v1alpha1.Samples;
import io.granary.api.v1alpha1.common.Condition;
import io.granary.api.v1alpha1.common.ConditionedStatus;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Statuses compare by value, so the operator can skip a status patch when nothing changed. */
class StatusEqualityTest {

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    @ParameterizedTest
    @ValueSource(strings = {
        "registry-default.yaml",
        "repository-maven-releases.yaml",
        "retentionpolicy-snapshots.yaml",
        "replication-to-eu.yaml",
        "promotionrule-to-releases.yaml",
    })
    void equalStatusesAreEqualAndAnyChangeIsSeen(String sample) {
        ConditionedStatus first = status(sample);
        ConditionedStatus second = status(sample);

        assertThat(first).isEqualTo(second).hasSameHashCodeAs(second);
        assertThat(SERIALIZATION.asJson(first)).isEqualTo(SERIALIZATION.asJson(second));

        second.getConditions().add(new Condition("Reconciling", Condition.FALSE, "Reconciled", null));
        assertThat(first).isNotEqualTo(second);

        ConditionedStatus third = status(sample);
        third.setObservedGeneration(third.getObservedGeneration() + 1);
        assertThat(first).isNotEqualTo(third);
    }

    private static ConditionedStatus status(String sample) {
        String yaml = Samples.read(sample);
        String kind = SERIALIZATION.unmarshal(yaml, GenericKubernetesResource.class).getKind();
        CustomResource<?, ?> resource = SERIALIZATION.unmarshal(yaml, GranaryKinds.byKind(kind));
        return (ConditionedStatus) resource.getStatus();
    }
}
