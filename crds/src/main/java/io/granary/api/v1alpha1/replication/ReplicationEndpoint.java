package io.granary.api.v1alpha1.replication;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.ValidationRule;
import io.granary.api.v1alpha1.common.ApiPatterns;
import io.granary.api.v1alpha1.common.SecretReference;

/** One side of a replication: a Repository in this namespace, or a repository on a remote registry. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"repository", "url", "credentialsSecretRef", "allowPrivateAddresses"})
@ValidationRule(value = "has(self.url) || has(self.repository)", message = "name a local repository, or a remote url")
@ValidationRule(value = "has(self.url) || !has(self.credentialsSecretRef)", message = "credentialsSecretRef applies only to a remote url")
public class ReplicationEndpoint {

    @JsonPropertyDescription("Without url: name of a Repository in this namespace. With url: the repository name or path on the remote registry.")
    private String repository;

    @Pattern(ApiPatterns.HTTP_URL)
    @JsonPropertyDescription("Base URL of a remote registry, e.g. https://registry.eu.example.com. Absent for a local Repository.")
    private String url;

    @JsonPropertyDescription("Secret with keys 'username' and 'password', or 'token', for the remote registry. Only with url."
            + " As a target it needs write on the repository, and admin where yank marks are carried (PyPI):"
            + " with write only, those items fail with 403 and the files still arrive.")
    private SecretReference credentialsSecretRef;

    @Default("false")
    @JsonPropertyDescription("Allow url to resolve to loopback or link-local addresses.")
    private Boolean allowPrivateAddresses;

    public String getRepository() {
        return repository;
    }

    public void setRepository(String repository) {
        this.repository = repository;
    }

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

    public Boolean getAllowPrivateAddresses() {
        return allowPrivateAddresses != null ? allowPrivateAddresses : Boolean.FALSE;
    }

    public void setAllowPrivateAddresses(Boolean allowPrivateAddresses) {
        this.allowPrivateAddresses = allowPrivateAddresses;
    }
}
