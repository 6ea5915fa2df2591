package io.granary.api.v1alpha1.registry;

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

/** A running Granary registry service: its pods, database, blob storage and authentication. */
@Group(GranaryApi.GROUP)
@Version(GranaryApi.VERSION)
@ShortNames("greg")
@Categories(GranaryApi.CATEGORY)
@AdditionalPrinterColumn(name = "Ready", jsonPath = GranaryApi.READY_STATUS_PATH)
@AdditionalPrinterColumn(name = "Ready-Replicas", jsonPath = ".status.readyReplicas", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Endpoint", jsonPath = ".status.endpoint")
@AdditionalPrinterColumn(name = "URL", jsonPath = ".status.url", priority = 1)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
@JsonClassDescription("A running Granary registry service: its pods, database, blob storage and authentication.")
public class Registry extends CustomResource<RegistrySpec, RegistryStatus> implements Namespaced {

    @Override
    @JsonPropertyDescription("Desired state: replicas, image, resources, database, storage, auth and ingress.")
    public RegistrySpec getSpec() {
        return super.getSpec();
    }

    @Override
    @JsonPropertyDescription("Observed state, written by the operator: endpoints, replicas and conditions.")
    public RegistryStatus getStatus() {
        return super.getStatus();
    }
}
