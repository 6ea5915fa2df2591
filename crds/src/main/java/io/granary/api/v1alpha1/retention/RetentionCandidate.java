package io.granary.api.v1alpha1.retention;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

/** One version that a run deleted or, in a dry run, would delete. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RetentionCandidate {

    @JsonPropertyDescription("Repository holding the version.")
    private String repository;

    @JsonPropertyDescription("Artifact name: Maven group:artifact, package or image name, or file path.")
    private String artifact;

    @JsonPropertyDescription("Version, tag or digest.")
    private String version;

    @JsonPropertyDescription("Bytes that deleting it frees, counting blobs no other version uses.")
    private long bytes;

    @JsonPropertyDescription("Why it was selected, e.g. \"older than 90d, not downloaded within 30d\".")
    private String reason;

    public String getRepository() {
        return repository;
    }

    public void setRepository(String repository) {
        this.repository = repository;
    }

    public String getArtifact() {
        return artifact;
    }

    public void setArtifact(String artifact) {
        this.artifact = artifact;
    }

    public String getVersion() {
        return version;
    }

    public void setVersion(String version) {
        this.version = version;
    }

    public long getBytes() {
        return bytes;
    }

    public void setBytes(long bytes) {
        this.bytes = bytes;
    }

    public String getReason() {
        return reason;
    }

    public void setReason(String reason) {
        this.reason = reason;
    }

    @Override
    public boolean equals(Object o) {
        if (o == null || o.getClass() != getClass()) {
            return false;
        }
        RetentionCandidate other = (RetentionCandidate) o;
        return Objects.equals(repository, other.repository)
                && Objects.equals(artifact, other.artifact)
                && Objects.equals(version, other.version)
                && bytes == other.bytes
                && Objects.equals(reason, other.reason);
    }

    @Override
    public int hashCode() {
        return Objects.hash(repository, artifact, version, bytes, reason);
    }
}
