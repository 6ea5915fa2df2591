package io.granary.api.v1alpha1.registry;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.granary.api.v1alpha1.common.SecretKeyReference;

/** Registry-wide authentication settings. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AuthSpec {

    @JsonPropertyDescription("Secret key holding the admin token. The operator generates the Secret <registry>-admin-token when absent.")
    private SecretKeyReference adminTokenSecretRef;

    @Default("false")
    @JsonPropertyDescription("Allow anonymous pulls from repositories that also allow them. When false no repository is anonymously readable.")
    private Boolean anonymousRead;

    public SecretKeyReference getAdminTokenSecretRef() {
        return adminTokenSecretRef;
    }

    public void setAdminTokenSecretRef(SecretKeyReference adminTokenSecretRef) {
        this.adminTokenSecretRef = adminTokenSecretRef;
    }

    public Boolean getAnonymousRead() {
        return anonymousRead != null ? anonymousRead : Boolean.FALSE;
    }

    public void setAnonymousRead(Boolean anonymousRead) {
        this.anonymousRead = anonymousRead;
    }
}
