package io.granary.api.v1alpha1.promotion;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.granary.api.v1alpha1.common.SecretKeyReference;

/** Requires a signature that verifies against a public key. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SignatureGate {

    @Required
    @JsonPropertyDescription("Secret key holding the public key (PEM) signatures must verify against.")
    private SecretKeyReference publicKeySecretRef;

    public SecretKeyReference getPublicKeySecretRef() {
        return publicKeySecretRef;
    }

    public void setPublicKeySecretRef(SecretKeyReference publicKeySecretRef) {
        this.publicKeySecretRef = publicKeySecretRef;
    }
}
