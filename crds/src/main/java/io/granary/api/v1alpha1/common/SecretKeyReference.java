package io.granary.api.v1alpha1.common;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import java.util.Objects;

/** One key of a Secret in the same namespace as the resource that refers to it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"name", "key"})
public class SecretKeyReference {

    @Required
    @Pattern(ApiPatterns.DNS_SUBDOMAIN)
    @JsonPropertyDescription("Name of the Secret, in the namespace of this resource.")
    private String name;

    @Required
    @Pattern("^[-._a-zA-Z0-9]+$")
    @JsonPropertyDescription("Key inside the Secret whose value is used.")
    private String key;

    public SecretKeyReference() {
    }

    public SecretKeyReference(String name, String key) {
        this.name = name;
        this.key = key;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public String getKey() {
        return key;
    }

    public void setKey(String key) {
        this.key = key;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SecretKeyReference other && Objects.equals(name, other.name) && Objects.equals(key, other.key);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, key);
    }

    @Override
    public String toString() {
        return name + "/" + key;
    }
}
