package io.granary.api.v1alpha1.replication;

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

/** Copies artifacts between a local Repository and another repository, here or on a remote registry. */
@Group(GranaryApi.GROUP)
@Version(GranaryApi.VERSION)
@ShortNames("grepl")
@Categories(GranaryApi.CATEGORY)
@AdditionalPrinterColumn(name = "Source", jsonPath = ".spec.source.repository")
@AdditionalPrinterColumn(name = "Target", jsonPath = ".spec.target.repository")
@AdditionalPrinterColumn(name = "Target-URL", jsonPath = ".spec.target.url", priority = 1)
@AdditionalPrinterColumn(name = "Ready", jsonPath = GranaryApi.READY_STATUS_PATH)
@AdditionalPrinterColumn(name = "In-Sync", jsonPath = ".status.conditions[?(@.type==\"InSync\")].status")
@AdditionalPrinterColumn(name = "Lag", jsonPath = ".status.lagSeconds", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Last-Sync", jsonPath = ".status.lastSyncTime", type = AdditionalPrinterColumn.Type.DATE)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
@JsonClassDescription("Copies artifacts between a local Repository and another repository, here or on a remote registry.")
public class Replication extends CustomResource<ReplicationSpec, ReplicationStatus> implements Namespaced {

    @Override
    @JsonPropertyDescription("Desired state: source, target, mode, trigger, filters and limits.")
    public ReplicationSpec getSpec() {
        return super.getSpec();
    }

    @Override
    @JsonPropertyDescription("Observed state, written by the operator: last sync, item counts, lag and conditions.")
    public ReplicationStatus getStatus() {
        return super.getStatus();
    }
}
