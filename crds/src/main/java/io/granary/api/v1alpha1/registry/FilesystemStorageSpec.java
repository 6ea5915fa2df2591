package io.granary.api.v1alpha1.registry;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.granary.api.v1alpha1.common.ApiPatterns;

/** A volume mounted into every replica; with more than one replica the claim must be ReadWriteMany. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "has(self.pvcName) != has(self.size)", message = "set pvcName to use an existing claim, or size to have one created")
@ValidationRule(value = "!has(self.storageClassName) || has(self.size)", message = "storageClassName applies only to a claim created from size")
public class FilesystemStorageSpec {

    @Pattern(ApiPatterns.DNS_SUBDOMAIN)
    @JsonPropertyDescription("Existing PersistentVolumeClaim in this namespace to use.")
    private String pvcName;

    @Pattern(ApiPatterns.BYTE_QUANTITY)
    @JsonPropertyDescription("Size of the claim <registry>-data that the operator creates, e.g. 100Gi.")
    private String size;

    @JsonPropertyDescription("Storage class of the created claim; the cluster default when absent.")
    private String storageClassName;

    public String getPvcName() {
        return pvcName;
    }

    public void setPvcName(String pvcName) {
        this.pvcName = pvcName;
    }

    public String getSize() {
        return size;
    }

    public void setSize(String size) {
        this.size = size;
    }

    public String getStorageClassName() {
        return storageClassName;
    }

    public void setStorageClassName(String storageClassName) {
        this.storageClassName = storageClassName;
    }
}
