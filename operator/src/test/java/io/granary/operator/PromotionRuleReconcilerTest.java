package io.granary.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.granary.api.v1alpha1.common.ConditionReasons;
import io.granary.api.v1alpha1.common.ConditionTypes;
import io.granary.api.v1alpha1.common.Conditions;
import io.granary.api.v1alpha1.promotion.ArtifactReference;
import io.granary.api.v1alpha1.promotion.PromotionRule;
import io.granary.api.v1alpha1.promotion.PromotionRuleSpec;
import io.granary.api.v1alpha1.repository.RepositoryFormat;
import io.granary.operator.testsupport.ControlPlane;
import io.granary.operator.testsupport.Fixtures;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** PromotionRule before it can run: missing Repositories, then a missing Registry, reported as such (the run itself: e2e PromotionFlowTest). */
class PromotionRuleReconcilerTest {

    static KubernetesClient client;
    static String ns;
    static GranaryOperator operator;

    @BeforeAll
    static void start() {
        org.awaitility.Awaitility.ignoreExceptionsByDefault();
        client = ControlPlane.newClient();
        ns = ControlPlane.newNamespace(client, "lifecycle");
        operator = new GranaryOperator(client, new OperatorSettings(Set.of(ns), "granary/registry-runtime:test", null,
                Duration.ofSeconds(5), null)).start();
    }

    @AfterAll
    static void stop() {
        operator.close();
        client.close();
    }

    @Test
    void promotionRuleReportsMissingRepositoryThenMissingRegistry() {
        PromotionRule rule = new PromotionRule();
        rule.setMetadata(new ObjectMetaBuilder().withName("to-releases").withNamespace(ns).build());
        PromotionRuleSpec spec = new PromotionRuleSpec();
        spec.setFrom("staging");
        spec.setTo("releases");
        ArtifactReference artifact = new ArtifactReference();
        artifact.setName("app");
        artifact.setVersion("1.0.0");
        spec.setArtifacts(List.of(artifact));
        rule.setSpec(spec);
        client.resource(rule).create();

        await().atMost(ControlPlane.convergeTimeout()).untilAsserted(() -> {
            PromotionRule r = client.resources(PromotionRule.class).inNamespace(ns).withName("to-releases").get();
            assertThat(Conditions.find(r.getStatus().getConditions(), ConditionTypes.READY)).get().satisfies(c -> {
                assertThat(c.getStatus()).isEqualTo("False");
                assertThat(c.getReason()).isEqualTo(ConditionReasons.REPOSITORY_NOT_FOUND);
                assertThat(c.getMessage()).contains("staging").contains("releases");
            });
        });

        client.resource(Fixtures.repository(ns, "staging", "default", RepositoryFormat.MAVEN, null)).create();
        client.resource(Fixtures.repository(ns, "releases", "default", RepositoryFormat.MAVEN, null)).create();
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
            PromotionRule r = client.resources(PromotionRule.class).inNamespace(ns).withName("to-releases").get();
            assertThat(Conditions.find(r.getStatus().getConditions(), ConditionTypes.READY)).get().satisfies(c -> {
                assertThat(c.getStatus()).isEqualTo("False");
                assertThat(c.getReason()).isEqualTo(ConditionReasons.REGISTRY_NOT_FOUND);
                assertThat(c.getMessage()).contains("Registry default");
            });
            assertThat(Conditions.find(r.getStatus().getConditions(), ConditionTypes.PROMOTED)).get()
                    .extracting(c -> c.getStatus()).isEqualTo("False");
            assertThat(Conditions.isTrue(r.getStatus().getConditions(), ConditionTypes.STALLED)).isFalse();
            assertThat(r.getStatus().getObservedGeneration()).isEqualTo(r.getMetadata().getGeneration());
        });
    }
}
