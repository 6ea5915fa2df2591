package io.granary.api.v1alpha1.repository;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

/** What the repository stores right now. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RepositoryUsage {

    @JsonPropertyDescription("Number of artifacts (versions, tags or files, per format).")
    private long artifacts;

    @JsonPropertyDescription("Stored bytes, counting each blob once.")
    private long bytes;

    public long getArtifacts() {
        return artifacts;
    }

    public void setArtifacts(long artifacts) {
        this.artifacts = artifacts;
    }

    public long getBytes() {
        return bytes;
    }

    public void setBytes(long bytes) {
        this.bytes = bytes;
    }

    @Override
    public boolean equals(Object o) {
        if (o == null || o.getClass() != getClass()) {
            return false;
        }
        RepositoryUsage other = (RepositoryUsage) o;
        return artifacts == other.artifacts
                && bytes == other.bytes;
    }

    @Override
    public int hashCode() {
        return Objects.hash(artifacts, bytes);
    }
}
