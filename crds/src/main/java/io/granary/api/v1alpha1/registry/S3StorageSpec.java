package io.granary.api.v1alpha1.registry;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.ValidationRule;
import io.granary.api.v1alpha1.common.ApiPatterns;
import io.granary.api.v1alpha1.common.SecretReference;

/** An S3-compatible object store; each repository gets its own bucket unless it names one. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"endpoint", "region", "credentialsSecretRef", "bucketTemplate", "pathStyle", "checksumMode", "redirectDownloads"})
public class S3StorageSpec {

    @Pattern(ApiPatterns.HTTP_URL)
    @JsonPropertyDescription("Endpoint URL of an S3-compatible store, e.g. https://s3.example.internal. AWS when absent.")
    private String endpoint;

    @Default("us-east-1")
    @JsonPropertyDescription("Region of the buckets.")
    private String region;

    @JsonPropertyDescription("Secret with keys 'accessKeyId' and 'secretAccessKey'. The default credential chain (e.g. workload identity) when absent.")
    private SecretReference credentialsSecretRef;

    @Default("granary-{namespace}-{repository}")
    @ValidationRule(value = "self.contains('{repository}')", message = "bucketTemplate must contain {repository}")
    @JsonPropertyDescription("Bucket name pattern; {namespace} and {repository} are replaced. Must contain {repository} so repositories never share a bucket by accident.")
    private String bucketTemplate;

    @Default("false")
    @JsonPropertyDescription("Address buckets as <endpoint>/<bucket> instead of <bucket>.<endpoint>; most S3-compatible stores need this.")
    private Boolean pathStyle;

    @Default("whenRequired")
    @JsonPropertyDescription("whenRequired (works with most S3-compatible stores) or whenSupported (AWS S3).")
    private S3ChecksumMode checksumMode;

    @Default("false")
    @JsonPropertyDescription("Answer downloads with a redirect to a short-lived presigned URL instead of streaming through the registry.")
    private Boolean redirectDownloads;

    public String getEndpoint() {
        return endpoint;
    }

    public void setEndpoint(String endpoint) {
        this.endpoint = endpoint;
    }

    public String getRegion() {
        return region != null ? region : "us-east-1";
    }

    public void setRegion(String region) {
        this.region = region;
    }

    public SecretReference getCredentialsSecretRef() {
        return credentialsSecretRef;
    }

    public void setCredentialsSecretRef(SecretReference credentialsSecretRef) {
        this.credentialsSecretRef = credentialsSecretRef;
    }

    public String getBucketTemplate() {
        return bucketTemplate != null ? bucketTemplate : "granary-{namespace}-{repository}";
    }

    public void setBucketTemplate(String bucketTemplate) {
        this.bucketTemplate = bucketTemplate;
    }

    public Boolean getPathStyle() {
        return pathStyle != null ? pathStyle : Boolean.FALSE;
    }

    public void setPathStyle(Boolean pathStyle) {
        this.pathStyle = pathStyle;
    }

    public S3ChecksumMode getChecksumMode() {
        return checksumMode != null ? checksumMode : S3ChecksumMode.WHEN_REQUIRED;
    }

    public void setChecksumMode(S3ChecksumMode checksumMode) {
        this.checksumMode = checksumMode;
    }

    public Boolean getRedirectDownloads() {
        return redirectDownloads != null ? redirectDownloads : Boolean.FALSE;
    }

    public void setRedirectDownloads(Boolean redirectDownloads) {
        this.redirectDownloads = redirectDownloads;
    }
}
