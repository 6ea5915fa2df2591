package io.granary.api.v1alpha1.registry;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.kubernetes.model.annotation.StatusReplicas;
import io.granary.api.v1alpha1.common.ConditionedStatus;
import java.util.Objects;

/** Observed state of a Registry: where it answers and how many replicas are ready. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"observedGeneration", "endpoint", "url", "replicas", "readyReplicas", "conditions"})
public class RegistryStatus extends ConditionedStatus {

    @JsonPropertyDescription("In-cluster base URL of the registry, e.g. http://default.platform.svc:8080.")
    private String endpoint;

    @JsonPropertyDescription("External base URL through the Ingress, when spec.ingress is set.")
    private String url;

    @StatusReplicas
    @JsonPropertyDescription("Number of registry pods that exist.")
    private Integer replicas;

    @JsonPropertyDescription("Number of registry pods ready to serve.")
    private Integer readyReplicas;

    public String getEndpoint() {
        return endpoint;
    }

    public void setEndpoint(String endpoint) {
        this.endpoint = endpoint;
    }

    public String getUrl() {
        return url;
    }

    public void setUrl(String url) {
        this.url = url;
    }

    public Integer getReplicas() {
        return replicas;
    }

    public void setReplicas(Integer replicas) {
        this.replicas = replicas;
    }

    public Integer getReadyReplicas() {
        return readyReplicas;
    }

    public void setReadyReplicas(Integer readyReplicas) {
        this.readyReplicas = readyReplicas;
    }

    @Override
    public boolean equals(Object o) {
        if (!super.equals(o)) {
            return false;
        }
        RegistryStatus other = (RegistryStatus) o;
        return Objects.equals(endpoint, other.endpoint)
                && Objects.equals(url, other.url)
                && Objects.equals(replicas, other.replicas)
                && Objects.equals(readyReplicas, other.readyReplicas);
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), endpoint, url, replicas, readyReplicas);
    }
}
