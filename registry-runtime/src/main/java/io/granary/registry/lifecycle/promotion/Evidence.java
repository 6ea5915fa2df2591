package io.granary.registry.lifecycle.promotion;

import io.granary.api.v1alpha1.promotion.Severity;
import java.util.Locale;
import java.util.Optional;

/**
 * What a candidate carries that the gates look at: a signature, an SBOM, a vulnerability report (and
 * the most severe finding it names). Found beside the artifact (OCI referrers, files next to a Maven
 * file), never computed: signing and scanning are other tools' work.
 */
record Evidence(boolean signed, boolean sbom, boolean vulnerabilityReport, Optional<Severity> worstFinding) {

    /** Property (or OCI annotation) naming the most severe finding of a vulnerability report. */
    static final String SEVERITY_PROPERTY = "granary.io/vulnerability-severity";

    static final Evidence NONE = new Evidence(false, false, false, Optional.empty());

    Evidence and(Evidence other) {
        Optional<Severity> worst = worstFinding;
        if (other.worstFinding.isPresent() && (worst.isEmpty() || other.worstFinding.get().compareTo(worst.get()) > 0)) {
            worst = other.worstFinding;
        }
        return new Evidence(signed || other.signed, sbom || other.sbom,
                vulnerabilityReport || other.vulnerabilityReport, worst);
    }

    /** A report stated as a property value ("high"); unreadable values count as critical, to fail safe. */
    static Evidence report(String severity) {
        if (severity == null) {
            return NONE;
        }
        Severity parsed;
        try {
            parsed = Severity.fromWireName(severity.strip().toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            parsed = Severity.CRITICAL;
        }
        return new Evidence(false, false, true, Optional.of(parsed));
    }

    /** Evidence from a file that sits beside the artifact, judged by its name. */
    static Evidence ofFileName(String path) {
        String name = path.substring(path.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
        boolean signature = name.endsWith(".asc") || name.endsWith(".sig") || name.endsWith(".prov");
        boolean sbom = !signature && (name.contains("cyclonedx") || name.contains(".cdx.") || name.contains("spdx")
                || name.contains("sbom"));
        return new Evidence(signature, sbom, false, Optional.empty());
    }

    /** Evidence from an OCI referrer, judged by its artifact type (cosign, notation, CycloneDX, SPDX, scan results). */
    static Evidence ofArtifactType(String artifactType, String severityAnnotation) {
        if (artifactType == null) {
            return NONE;
        }
        String type = artifactType.toLowerCase(Locale.ROOT);
        boolean sbom = type.contains("cyclonedx") || type.contains("spdx") || type.contains("sbom");
        boolean report = type.contains("vuln") || type.contains("sarif") || type.contains("scan");
        boolean signature = !sbom && !report && (type.startsWith("application/vnd.dev.cosign")
                || type.startsWith("application/vnd.cncf.notary.signature") || type.contains("signature"));
        Evidence found = new Evidence(signature, sbom, false, Optional.empty());
        return report ? found.and(report(severityAnnotation == null ? "critical" : severityAnnotation)) : found;
    }
}
