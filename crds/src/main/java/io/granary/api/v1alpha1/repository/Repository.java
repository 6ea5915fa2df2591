package io.granary.api.v1alpha1.repository;

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

/** One repository of artifacts in one format (oci, maven, npm, pypi, helm, generic), served by a Registry. */
@Group(GranaryApi.GROUP)
@Version(GranaryApi.VERSION)
@ShortNames("grepo")
@Categories(GranaryApi.CATEGORY)
@AdditionalPrinterColumn(name = "Ready", jsonPath = GranaryApi.READY_STATUS_PATH)
@AdditionalPrinterColumn(name = "Pull-SLO", jsonPath = ".status.conditions[?(@.type==\"PullSLOMet\")].status")
@AdditionalPrinterColumn(name = "Push-SLO", jsonPath = ".status.conditions[?(@.type==\"PushSLOMet\")].status", priority = 1)
@AdditionalPrinterColumn(name = "URL", jsonPath = ".status.url")
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
@JsonClassDescription("One repository of artifacts in one format, served by a Registry.")
public class Repository extends CustomResource<RepositorySpec, RepositoryStatus> implements Namespaced {

    @Override
    @JsonPropertyDescription("Desired state: format, type, registry, upstream or members, access, storage and objectives.")
    public RepositorySpec getSpec() {
        return super.getSpec();
    }

    @Override
    @JsonPropertyDescription("Observed state, written by the operator: URL, usage, measured SLIs and conditions.")
    public RepositoryStatus getStatus() {
        return super.getStatus();
    }
}
