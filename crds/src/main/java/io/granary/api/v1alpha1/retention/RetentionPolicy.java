package io.granary.api.v1alpha1.retention;

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

/** Scheduled deletion of old versions from selected repositories, followed by garbage collection. */
@Group(GranaryApi.GROUP)
@Version(GranaryApi.VERSION)
@ShortNames("gret")
@Categories(GranaryApi.CATEGORY)
@AdditionalPrinterColumn(name = "Ready", jsonPath = GranaryApi.READY_STATUS_PATH)
@AdditionalPrinterColumn(name = "Last-Run", jsonPath = ".status.lastRunTime", type = AdditionalPrinterColumn.Type.DATE)
@AdditionalPrinterColumn(name = "Deleted", jsonPath = ".status.deletedCount", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Freed-Bytes", jsonPath = ".status.bytesFreed", type = AdditionalPrinterColumn.Type.INTEGER, priority = 1)
@AdditionalPrinterColumn(name = "Next-Run", jsonPath = ".status.nextRunTime", type = AdditionalPrinterColumn.Type.DATE, priority = 1)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
@JsonClassDescription("Scheduled deletion of old versions from selected repositories, followed by garbage collection.")
public class RetentionPolicy extends CustomResource<RetentionPolicySpec, RetentionPolicyStatus> implements Namespaced {

    @Override
    @JsonPropertyDescription("Desired state: repositories, rules, schedule and dry run.")
    public RetentionPolicySpec getSpec() {
        return super.getSpec();
    }

    @Override
    @JsonPropertyDescription("Observed state, written by the operator: last and next run, candidates, deletions and conditions.")
    public RetentionPolicyStatus getStatus() {
        return super.getStatus();
    }
}
