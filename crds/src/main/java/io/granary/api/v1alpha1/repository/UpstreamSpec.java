package io.granary.api.v1alpha1.repository;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.granary.api.v1alpha1.common.ApiPatterns;
import io.granary.api.v1alpha1.common.SecretReference;

/** Where a proxy repository fetches artifacts it does not have, and how long it trusts what it fetched. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"url", "credentialsSecretRef", "metadataTtl", "negativeCacheTtl", "serveStaleOnError", "allowPrivateAddresses"})
public class UpstreamSpec {

    @Required
    @Pattern(ApiPatterns.HTTP_URL)
    @JsonPropertyDescription("Base URL of the remote repository, e.g. https://repo.example.org/maven2/.")
    private String url;

    @JsonPropertyDescription("Secret with keys 'username' and 'password' (basic auth) or 'token' (bearer) sent to the upstream. Anonymous when absent.")
    private SecretReference credentialsSecretRef;

    @Pattern(ApiPatterns.DURATION)
    @Default("10m")
    @JsonPropertyDescription("How long fetched metadata (indexes, tags, maven-metadata.xml, packuments) is served before it is checked again, e.g. 10m.")
    private String metadataTtl;

    @Pattern(ApiPatterns.DURATION)
    @Default("5m")
    @JsonPropertyDescription("How long a 'not found' answer from the upstream is remembered before asking again, e.g. 5m.")
    private String negativeCacheTtl;

    @Default("true")
    @JsonPropertyDescription("Serve the cached copy when its TTL expired but the upstream fails or times out.")
    private Boolean serveStaleOnError;

    @Default("false")
    @JsonPropertyDescription("Allow the upstream URL to resolve to loopback or link-local addresses. Off by default so a proxy cannot reach node-local services or cloud metadata endpoints.")
    private Boolean allowPrivateAddresses;

    public String getUrl() {
        return url;
    }

    public void setUrl(String url) {
        this.url = url;
    }

    public SecretReference getCredentialsSecretRef() {
        return credentialsSecretRef;
    }

    public void setCredentialsSecretRef(SecretReference credentialsSecretRef) {
        this.credentialsSecretRef = credentialsSecretRef;
    }

    public String getMetadataTtl() {
        return metadataTtl != null ? metadataTtl : "10m";
    }

    public void setMetadataTtl(String metadataTtl) {
        this.metadataTtl = metadataTtl;
    }

    public String getNegativeCacheTtl() {
        return negativeCacheTtl != null ? negativeCacheTtl : "5m";
    }

    public void setNegativeCacheTtl(String negativeCacheTtl) {
        this.negativeCacheTtl = negativeCacheTtl;
    }

    public Boolean getServeStaleOnError() {
        return serveStaleOnError != null ? serveStaleOnError : Boolean.TRUE;
    }

    public void setServeStaleOnError(Boolean serveStaleOnError) {
        this.serveStaleOnError = serveStaleOnError;
    }

    public Boolean getAllowPrivateAddresses() {
        return allowPrivateAddresses != null ? allowPrivateAddresses : Boolean.FALSE;
    }

    public void setAllowPrivateAddresses(Boolean allowPrivateAddresses) {
        this.allowPrivateAddresses = allowPrivateAddresses;
    }
}
