package io.granary.api.v1alpha1.promotion;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

/** An artifact version that is in the target repository with the same bytes as in the source. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PromotedItem {

    @JsonPropertyDescription("Artifact name.")
    private String name;

    @JsonPropertyDescription("Version or tag.")
    private String version;

    @JsonPropertyDescription("Digest of the promoted content, identical in source and target.")
    private String digest;

    @JsonPropertyDescription("RFC 3339 time of the promotion.")
    private String promotedAt;

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public String getVersion() {
        return version;
    }

    public void setVersion(String version) {
        this.version = version;
    }

    public String getDigest() {
        return digest;
    }

    public void setDigest(String digest) {
        this.digest = digest;
    }

    public String getPromotedAt() {
        return promotedAt;
    }

    public void setPromotedAt(String promotedAt) {
        this.promotedAt = promotedAt;
    }

    @Override
    public boolean equals(Object o) {
        if (o == null || o.getClass() != getClass()) {
            return false;
        }
        PromotedItem other = (PromotedItem) o;
        return Objects.equals(name, other.name)
                && Objects.equals(version, other.version)
                && Objects.equals(digest, other.digest)
                && Objects.equals(promotedAt, other.promotedAt);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, version, digest, promotedAt);
    }
}
