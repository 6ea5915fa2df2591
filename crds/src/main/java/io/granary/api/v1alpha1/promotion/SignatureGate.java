package io.granary.api.v1alpha1.promotion;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.granary.api.v1alpha1.common.SecretKeyReference;

/** Requires a signature beside the artifact. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SignatureGate {

    @Required
    @JsonPropertyDescription("Secret key holding the public key (PEM) signatures are meant to verify against. This version "
            + "checks presence only (a cosign or notation referrer on OCI, a cosign sha256-<digest>.sig tag, a .asc/.sig file "
            + "beside a Maven, PyPI or generic file, a Helm .prov); cryptographic verification is not done yet.")
    private SecretKeyReference publicKeySecretRef;

    public SecretKeyReference getPublicKeySecretRef() {
        return publicKeySecretRef;
    }

    public void setPublicKeySecretRef(SecretKeyReference publicKeySecretRef) {
        this.publicKeySecretRef = publicKeySecretRef;
    }
}
