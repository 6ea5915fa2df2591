package io.granary.registry.lifecycle.promotion;

import io.granary.api.v1alpha1.common.Durations;
import io.granary.api.v1alpha1.promotion.PromotionGateName;
import io.granary.api.v1alpha1.promotion.PromotionGates;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Evaluates a rule's gates on a candidate; every failing gate is reported, the first one names the block. */
final class GateCheck {

    /** A failing gate and what exactly failed. */
    record Failure(PromotionGateName gate, String message) {
    }

    private GateCheck() {
    }

    /**
     * Every failing gate. {@code signatureProblem} is why the candidate's signatures did not verify against the
     * rule's key (null when one did, or when nothing was verified): a signature that is present but invalid fails.
     */
    static List<Failure> failures(PromotionGates gates, Candidate candidate, Instant now, String signatureProblem) {
        List<Failure> failures = new ArrayList<>();
        if (gates == null) {
            return failures;
        }
        Evidence evidence = candidate.evidence();
        if (gates.getSignature() != null && !evidence.signed()) {
            failures.add(new Failure(PromotionGateName.SIGNATURE, "no signature found (cosign/notation referrer, "
                    + ".asc, .sig or .prov file)"));
        } else if (gates.getSignature() != null && signatureProblem != null) {
            failures.add(new Failure(PromotionGateName.SIGNATURE, signatureProblem));
        }
        if (Boolean.TRUE.equals(gates.getSbomRequired()) && !evidence.sbom()) {
            failures.add(new Failure(PromotionGateName.SBOM, "no SBOM found (CycloneDX or SPDX referrer or file)"));
        }
        if (gates.getVulnerabilities() != null && gates.getVulnerabilities().getMaxSeverity() != null) {
            var max = gates.getVulnerabilities().getMaxSeverity();
            if (!evidence.vulnerabilityReport()) {
                failures.add(new Failure(PromotionGateName.VULNERABILITIES, "no vulnerability report found"));
            } else if (evidence.worstFinding().isPresent() && evidence.worstFinding().get().compareTo(max) > 0) {
                failures.add(new Failure(PromotionGateName.VULNERABILITIES, "a " + evidence.worstFinding().get().wireName()
                        + " finding, at most " + max.wireName() + " allowed"));
            }
        }
        if (gates.getMinAge() != null) {
            Duration min = Durations.parse(gates.getMinAge());
            Duration age = Duration.between(candidate.createdAt(), now);
            if (age.compareTo(min) < 0) {
                failures.add(new Failure(PromotionGateName.MIN_AGE, "in the source for " + age.toSeconds() + "s, "
                        + gates.getMinAge() + " required"));
            }
        }
        List<String> missing = new ArrayList<>();
        for (Map.Entry<String, String> required : gates.getRequiredProperties().entrySet()) {
            String actual = candidate.properties().get(required.getKey());
            if (!required.getValue().equals(actual)) {
                missing.add(required.getKey() + "=" + required.getValue() + (actual == null ? " (absent)" : " (is " + actual + ")"));
            }
        }
        if (!missing.isEmpty()) {
            failures.add(new Failure(PromotionGateName.REQUIRED_PROPERTIES, "missing " + String.join(", ", missing)));
        }
        return failures;
    }
}
