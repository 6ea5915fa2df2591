package io.granary.api.v1alpha1.promotion;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.granary.api.v1alpha1.common.SecretKeyReference;

/** Requires a signature beside the artifact, verified against a public key where the format allows. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SignatureGate {

    @Required
    @JsonPropertyDescription("Secret key holding the public key (PEM) signatures must verify against. OCI: cosign "
            + "signatures (referrer or sha256-<digest>.sig tag) are verified (ECDSA P-256, SHA-256) and their payload must name "
            + "the promoted digest; a missing Secret blocks the rule (SecretNotFound). Other formats are still checked for "
            + "presence only (a .asc/.sig file beside a Maven, PyPI or generic file, a Helm .prov, npm dist.signatures).")
    private SecretKeyReference publicKeySecretRef;

    public SecretKeyReference getPublicKeySecretRef() {
        return publicKeySecretRef;
    }

    public void setPublicKeySecretRef(SecretKeyReference publicKeySecretRef) {
        this.publicKeySecretRef = publicKeySecretRef;
    }
}
