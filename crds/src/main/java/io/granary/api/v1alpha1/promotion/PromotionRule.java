package io.granary.api.v1alpha1.promotion;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;
import io.granary.api.v1alpha1.common.GranaryApi;

/** Promotes artifact versions from one Repository to another once they pass gates, keeping digests identical. */
@Group(GranaryApi.GROUP)
@Version(GranaryApi.VERSION)
@ShortNames("gpromo")
@Categories(GranaryApi.CATEGORY)
@AdditionalPrinterColumn(name = "Ready", jsonPath = GranaryApi.READY_STATUS_PATH)
@AdditionalPrinterColumn(name = "Gates", jsonPath = ".status.conditions[?(@.type==\"GatesPassing\")].status")
@AdditionalPrinterColumn(name = "Promoted", jsonPath = ".status.promotedCount", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Blocked", jsonPath = ".status.blockedCount", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
@JsonClassDescription("Promotes artifact versions from one Repository to another once they pass gates, keeping digests identical.")
public class PromotionRule extends CustomResource<PromotionRuleSpec, PromotionRuleStatus> implements Namespaced {

    @Override
    @JsonPropertyDescription("Desired state: source and target, what to promote, gates and mode.")
    public PromotionRuleSpec getSpec() {
        return super.getSpec();
    }

    @Override
    @JsonPropertyDescription("Observed state, written by the operator: promoted and blocked versions and conditions.")
    public PromotionRuleStatus getStatus() {
        return super.getStatus();
    }
}
