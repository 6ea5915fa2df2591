package io.granary.api.v1alpha1.common;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import java.util.Objects;

/** A whole Secret in the same namespace, read through well-known keys that the referring field documents. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SecretReference {

    @Required
    @Pattern(ApiPatterns.DNS_SUBDOMAIN)
    @JsonPropertyDescription("Name of the Secret, in the namespace of this resource.")
    private String name;

    public SecretReference() {
    }

    public SecretReference(String name) {
        this.name = name;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SecretReference other && Objects.equals(name, other.name);
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(name);
    }

    @Override
    public String toString() {
        return name;
    }
}
