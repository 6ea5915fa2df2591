package io.granary.api.v1alpha1.promotion;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.PrinterColumn;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.granary.api.v1alpha1.common.ApiPatterns;
import java.util.ArrayList;
import java.util.List;

/** Desired state of a PromotionRule: from which repository to which, what, under which gates, and how. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "(has(self.artifacts) && size(self.artifacts) > 0) != has(self.selector)", message = "set exactly one of artifacts and selector")
@ValidationRule(value = "self.from != self.to", message = "from and to must be different repositories")
public class PromotionRuleSpec {

    @Required
    @Pattern(ApiPatterns.DNS_SUBDOMAIN)
    @PrinterColumn(name = "From")
    @JsonPropertyDescription("Source Repository in this namespace.")
    private String from;

    @Required
    @Pattern(ApiPatterns.DNS_SUBDOMAIN)
    @PrinterColumn(name = "To")
    @JsonPropertyDescription("Target Repository in this namespace, of the same format; promoted artifacts become immutable there.")
    private String to;

    @Size(max = 256)
    @JsonPropertyDescription("Explicit versions to promote (the GitOps way). Exclusive with selector.")
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    private List<ArtifactReference> artifacts = new ArrayList<>();

    @JsonPropertyDescription("Versions to promote by pattern. Exclusive with artifacts.")
    private ArtifactSelector selector;

    @JsonPropertyDescription("Checks an artifact must pass first.")
    private PromotionGates gates;

    @Default("copy")
    @PrinterColumn(name = "Mode")
    @JsonPropertyDescription("copy keeps the artifact in the source; move removes it there after the copy.")
    private PromotionMode mode;

    public String getFrom() {
        return from;
    }

    public void setFrom(String from) {
        this.from = from;
    }

    public String getTo() {
        return to;
    }

    public void setTo(String to) {
        this.to = to;
    }

    public List<ArtifactReference> getArtifacts() {
        return artifacts;
    }

    public void setArtifacts(List<ArtifactReference> artifacts) {
        this.artifacts = artifacts;
    }

    public ArtifactSelector getSelector() {
        return selector;
    }

    public void setSelector(ArtifactSelector selector) {
        this.selector = selector;
    }

    public PromotionGates getGates() {
        return gates;
    }

    public void setGates(PromotionGates gates) {
        this.gates = gates;
    }

    public PromotionMode getMode() {
        return mode != null ? mode : PromotionMode.COPY;
    }

    public void setMode(PromotionMode mode) {
        this.mode = mode;
    }
}
