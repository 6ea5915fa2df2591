package io.granary.api.v1alpha1.repository;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.List;

/** Who may read and write the repository. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AccessSpec {

    @Default("false")
    @JsonPropertyDescription("Allow pulls without a token. Effective only when the Registry also allows anonymous reads.")
    private Boolean anonymousRead;

    @Size(max = 32)
    @ValidationRule(value = "self.all(r, self.exists_one(s, s.name == r.name))", message = "role names must be unique")
    @JsonPropertyDescription("Tokens to issue, each into its own Secret. Names must be unique.")
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    private List<AccessRole> roles = new ArrayList<>();

    public Boolean getAnonymousRead() {
        return anonymousRead != null ? anonymousRead : Boolean.FALSE;
    }

    public void setAnonymousRead(Boolean anonymousRead) {
        this.anonymousRead = anonymousRead;
    }

    public List<AccessRole> getRoles() {
        return roles;
    }

    public void setRoles(List<AccessRole> roles) {
        this.roles = roles;
    }
}
