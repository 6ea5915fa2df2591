package io.granary.registry.lifecycle.promotion;

import static org.assertj.core.api.Assertions.assertThat;

import io.granary.api.v1alpha1.promotion.PromotionGateName;
import io.granary.api.v1alpha1.promotion.PromotionGates;
import io.granary.api.v1alpha1.promotion.Severity;
import io.granary.api.v1alpha1.promotion.VulnerabilityGate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class GateCheckTest {

    private static final Instant NOW = Instant.parse("2026-11-28T00:00:00Z");

    private static Candidate candidate(Evidence evidence, Duration age, Map<String, String> properties) {
        return new Candidate("app", "1.0", "sha256:00", NOW.minus(age), properties, evidence, List.of(), null, null);
    }

    @Test
    void everyFailingGateIsReportedInOrder() {
        PromotionGates gates = new PromotionGates();
        gates.setSbomRequired(true);
        VulnerabilityGate vulnerabilities = new VulnerabilityGate();
        vulnerabilities.setMaxSeverity(Severity.MEDIUM);
        gates.setVulnerabilities(vulnerabilities);
        gates.setMinAge("24h");
        gates.setRequiredProperties(Map.of("qa", "passed"));
        var failures = GateCheck.failures(gates, candidate(Evidence.report("high"), Duration.ofHours(2), Map.of("qa", "failed")), NOW, null);
        assertThat(failures).extracting(GateCheck.Failure::gate).containsExactly(PromotionGateName.SBOM,
                PromotionGateName.VULNERABILITIES, PromotionGateName.MIN_AGE, PromotionGateName.REQUIRED_PROPERTIES);
        assertThat(failures.get(1).message()).isEqualTo("a high finding, at most medium allowed");
        assertThat(failures.get(3).message()).contains("qa=passed (is failed)");
    }

    @Test
    void candidateWithAllEvidencePasses() {
        PromotionGates gates = new PromotionGates();
        gates.setSbomRequired(true);
        VulnerabilityGate vulnerabilities = new VulnerabilityGate();
        vulnerabilities.setMaxSeverity(Severity.HIGH);
        gates.setVulnerabilities(vulnerabilities);
        gates.setMinAge("1h");
        Evidence evidence = Evidence.ofArtifactType("application/vnd.cyclonedx+json", null)
                .and(Evidence.ofArtifactType("application/vnd.granary.vulnerability-report+json", "medium"))
                .and(Evidence.ofArtifactType("application/vnd.cncf.notary.signature", null));
        assertThat(evidence.signed()).isTrue();
        assertThat(GateCheck.failures(gates, candidate(evidence, Duration.ofHours(2), Map.of()), NOW, null)).isEmpty();
    }

    @Test
    void missingReportAndUnreadableSeverityFailSafe() {
        PromotionGates gates = new PromotionGates();
        VulnerabilityGate vulnerabilities = new VulnerabilityGate();
        vulnerabilities.setMaxSeverity(Severity.CRITICAL);
        gates.setVulnerabilities(vulnerabilities);
        assertThat(GateCheck.failures(gates, candidate(Evidence.NONE, Duration.ZERO, Map.of()), NOW, null))
                .extracting(GateCheck.Failure::message).containsExactly("no vulnerability report found");
        assertThat(Evidence.report("bogus").worstFinding()).isEqualTo(Optional.of(Severity.CRITICAL));
        assertThat(Evidence.ofFileName("a/b/lib-1.0.jar.asc").signed()).isTrue();
        assertThat(Evidence.ofFileName("a/b/lib-1.0-cyclonedx.json").sbom()).isTrue();
    }

    @Test
    void aSignatureThatDoesNotVerifyFailsTheSignatureGate() {
        PromotionGates gates = new PromotionGates();
        gates.setSignature(new io.granary.api.v1alpha1.promotion.SignatureGate());
        Evidence signed = Evidence.ofArtifactType("application/vnd.dev.cosign.artifact.sig.v1+json", null);
        assertThat(GateCheck.failures(gates, candidate(signed, Duration.ZERO, Map.of()), NOW, null)).isEmpty();
        assertThat(GateCheck.failures(gates, candidate(signed, Duration.ZERO, Map.of()), NOW, "bad signature"))
                .extracting(GateCheck.Failure::gate, GateCheck.Failure::message)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(PromotionGateName.SIGNATURE, "bad signature"));
    }
}
