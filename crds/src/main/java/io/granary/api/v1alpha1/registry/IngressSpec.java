package io.granary.api.v1alpha1.registry;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.granary.api.v1alpha1.common.ApiPatterns;
import java.util.LinkedHashMap;
import java.util.Map;

/** How the registry is reached from outside the cluster. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class IngressSpec {

    @Required
    @Pattern(ApiPatterns.DNS_SUBDOMAIN)
    @JsonPropertyDescription("Host name clients use, e.g. granary.example.com.")
    private String host;

    @JsonPropertyDescription("IngressClass to use; the cluster default when absent.")
    private String ingressClassName;

    @Pattern(ApiPatterns.DNS_SUBDOMAIN)
    @JsonPropertyDescription("Secret of type kubernetes.io/tls for the host; plain HTTP when absent.")
    private String tlsSecretName;

    @JsonPropertyDescription("Annotations for the Ingress, e.g. for cert-manager or body size limits.")
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    private Map<String, String> annotations = new LinkedHashMap<>();

    public String getHost() {
        return host;
    }

    public void setHost(String host) {
        this.host = host;
    }

    public String getIngressClassName() {
        return ingressClassName;
    }

    public void setIngressClassName(String ingressClassName) {
        this.ingressClassName = ingressClassName;
    }

    public String getTlsSecretName() {
        return tlsSecretName;
    }

    public void setTlsSecretName(String tlsSecretName) {
        this.tlsSecretName = tlsSecretName;
    }

    public Map<String, String> getAnnotations() {
        return annotations;
    }

    public void setAnnotations(Map<String, String> annotations) {
        this.annotations = annotations;
    }
}
