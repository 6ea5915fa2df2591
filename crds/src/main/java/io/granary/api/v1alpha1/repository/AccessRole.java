package io.granary.api.v1alpha1.repository;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.granary.api.v1alpha1.common.ApiPatterns;

/** A named token with one role on the repository, issued into its own Secret. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AccessRole {

    @Required
    @Pattern(ApiPatterns.DNS_LABEL)
    @Size(max = 40)
    @JsonPropertyDescription("Name of the token; the operator writes it, with ready-made client configuration (.npmrc, settings.xml, pip.conf, .dockerconfigjson), into the Secret <repository>-<name>.")
    private String name;

    @Required
    @JsonPropertyDescription("What the token may do: reader (pull), writer (pull and push) or admin (also delete and overwrite).")
    private AccessRoleName role;

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public AccessRoleName getRole() {
        return role;
    }

    public void setRole(AccessRoleName role) {
        this.role = role;
    }
}
