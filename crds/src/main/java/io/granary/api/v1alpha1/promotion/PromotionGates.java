package io.granary.api.v1alpha1.promotion;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.granary.api.v1alpha1.common.ApiPatterns;
import java.util.LinkedHashMap;
import java.util.Map;

/** Conditions every artifact must meet before it is promoted; a gate that is absent is not checked. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PromotionGates {

    @JsonPropertyDescription("Require a signature (see signature.publicKeySecretRef for what counts).")
    private SignatureGate signature;

    @JsonPropertyDescription("Require a vulnerability report without findings above a severity: an OCI referrer whose "
            + "artifactType names vuln, sarif or scan, with annotation granary.io/vulnerability-severity (absent = critical), "
            + "or that property on a file of the version.")
    private VulnerabilityGate vulnerabilities;

    @Default("false")
    @JsonPropertyDescription("Require an SBOM: a CycloneDX/SPDX/sbom OCI referrer or cosign .sbom tag, or a file of the "
            + "version whose name contains cyclonedx, .cdx., spdx or sbom.")
    private Boolean sbomRequired;

    @Pattern(ApiPatterns.DURATION)
    @JsonPropertyDescription("Require the artifact to have been in the source at least this long, e.g. 24h.")
    private String minAge;

    @JsonPropertyDescription("Properties the artifact must carry, with these values: properties of the version's files, "
            + "or the OCI manifest's annotations.")
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    private Map<String, String> requiredProperties = new LinkedHashMap<>();

    public SignatureGate getSignature() {
        return signature;
    }

    public void setSignature(SignatureGate signature) {
        this.signature = signature;
    }

    public VulnerabilityGate getVulnerabilities() {
        return vulnerabilities;
    }

    public void setVulnerabilities(VulnerabilityGate vulnerabilities) {
        this.vulnerabilities = vulnerabilities;
    }

    public Boolean getSbomRequired() {
        return sbomRequired != null ? sbomRequired : Boolean.FALSE;
    }

    public void setSbomRequired(Boolean sbomRequired) {
        this.sbomRequired = sbomRequired;
    }

    public String getMinAge() {
        return minAge;
    }

    public void setMinAge(String minAge) {
        this.minAge = minAge;
    }

    public Map<String, String> getRequiredProperties() {
        return requiredProperties;
    }

    public void setRequiredProperties(Map<String, String> requiredProperties) {
        this.requiredProperties = requiredProperties;
    }
}
