package io.granary.api.v1alpha1.registry;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.PrinterColumn;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.model.annotation.SpecReplicas;

/** Desired state of a Registry: how many replicas of which image, backed by which database and store. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RegistrySpec {

    @Default("1")
    @Min(0)
    @SpecReplicas
    @PrinterColumn(name = "Replicas")
    @JsonPropertyDescription("Number of registry pods. They are stateless; more than one needs S3 or a ReadWriteMany volume.")
    private Integer replicas;

    @JsonPropertyDescription("Registry runtime image; the one matching the operator's version when absent.")
    private String image;

    @JsonPropertyDescription("CPU and memory requests and limits of each pod.")
    private ResourceRequirements resources;

    @Required
    @JsonPropertyDescription("PostgreSQL database for metadata.")
    private DatabaseSpec database;

    @Required
    @JsonPropertyDescription("Blob storage.")
    private RegistryStorageSpec storage;

    @JsonPropertyDescription("Admin token and anonymous access.")
    private AuthSpec auth;

    @JsonPropertyDescription("External access through an Ingress; only in-cluster access when absent.")
    private IngressSpec ingress;

    public Integer getReplicas() {
        return replicas != null ? replicas : 1;
    }

    public void setReplicas(Integer replicas) {
        this.replicas = replicas;
    }

    public String getImage() {
        return image;
    }

    public void setImage(String image) {
        this.image = image;
    }

    public ResourceRequirements getResources() {
        return resources;
    }

    public void setResources(ResourceRequirements resources) {
        this.resources = resources;
    }

    public DatabaseSpec getDatabase() {
        return database;
    }

    public void setDatabase(DatabaseSpec database) {
        this.database = database;
    }

    public RegistryStorageSpec getStorage() {
        return storage;
    }

    public void setStorage(RegistryStorageSpec storage) {
        this.storage = storage;
    }

    public AuthSpec getAuth() {
        return auth;
    }

    public void setAuth(AuthSpec auth) {
        this.auth = auth;
    }

    public IngressSpec getIngress() {
        return ingress;
    }

    public void setIngress(IngressSpec ingress) {
        this.ingress = ingress;
    }
}
