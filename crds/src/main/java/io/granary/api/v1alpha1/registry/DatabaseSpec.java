package io.granary.api.v1alpha1.registry;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.ValidationRule;
import io.granary.api.v1alpha1.common.ApiPatterns;
import io.granary.api.v1alpha1.common.SecretKeyReference;

/** The PostgreSQL database holding the registry's metadata: a URL in a Secret, or a CloudNativePG cluster. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "has(self.urlSecretRef) != has(self.cnpgClusterName)", message = "set exactly one of urlSecretRef and cnpgClusterName")
public class DatabaseSpec {

    @JsonPropertyDescription("Secret key holding a PostgreSQL URL with credentials, e.g. postgresql://user:pass@host:5432/granary.")
    private SecretKeyReference urlSecretRef;

    @Pattern(ApiPatterns.DNS_SUBDOMAIN)
    @JsonPropertyDescription("Name of a CloudNativePG Cluster in this namespace; the registry uses its <name>-app Secret.")
    private String cnpgClusterName;

    public SecretKeyReference getUrlSecretRef() {
        return urlSecretRef;
    }

    public void setUrlSecretRef(SecretKeyReference urlSecretRef) {
        this.urlSecretRef = urlSecretRef;
    }

    public String getCnpgClusterName() {
        return cnpgClusterName;
    }

    public void setCnpgClusterName(String cnpgClusterName) {
        this.cnpgClusterName = cnpgClusterName;
    }
}
