package io.granary.api.v1alpha1.repository;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.ValidationRule;
import io.granary.api.v1alpha1.common.ApiPatterns;

/** Where the repository's blobs live and what happens to them on deletion. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class StorageSpec {

    @Default("Retain")
    @JsonPropertyDescription("Retain keeps the bucket and its artifacts when the Repository is deleted; Delete removes them.")
    private DeletionPolicy deletionPolicy;

    @Pattern(ApiPatterns.BYTE_QUANTITY)
    @JsonPropertyDescription("Maximum stored bytes as a Kubernetes quantity, e.g. 500Gi. Pushes beyond it are refused. Unlimited when absent.")
    private String quota;

    @Pattern(ApiPatterns.BUCKET_NAME)
    @ValidationRule(value = "self == oldSelf", message = "bucket cannot change; create a new Repository instead")
    @JsonPropertyDescription("Bucket name to use instead of the Registry's bucketTemplate. Cannot change once set.")
    private String bucket;

    public DeletionPolicy getDeletionPolicy() {
        return deletionPolicy != null ? deletionPolicy : DeletionPolicy.RETAIN;
    }

    public void setDeletionPolicy(DeletionPolicy deletionPolicy) {
        this.deletionPolicy = deletionPolicy;
    }

    public String getQuota() {
        return quota;
    }

    public void setQuota(String quota) {
        this.quota = quota;
    }

    public String getBucket() {
        return bucket;
    }

    public void setBucket(String bucket) {
        this.bucket = bucket;
    }
}
