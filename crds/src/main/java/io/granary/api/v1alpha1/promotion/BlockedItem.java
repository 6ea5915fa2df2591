package io.granary.api.v1alpha1.promotion;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

/** An artifact version that is not promoted, and the gate that stopped it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class BlockedItem {

    @JsonPropertyDescription("Artifact name.")
    private String name;

    @JsonPropertyDescription("Version or tag.")
    private String version;

    @JsonPropertyDescription("Digest of the content in the source, when found.")
    private String digest;

    @JsonPropertyDescription("The failing gate: signature, vulnerabilities, sbom, minAge, requiredProperties, notFound, conflict (the target holds different bytes) or quota (the copy would exceed the target repository's quota; nothing is written).")
    private PromotionGateName gate;

    @JsonPropertyDescription("What exactly failed, e.g. \"2 critical findings, at most high allowed\".")
    private String message;

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

    public PromotionGateName getGate() {
        return gate;
    }

    public void setGate(PromotionGateName gate) {
        this.gate = gate;
    }

    public String getMessage() {
        return message;
    }

    public void setMessage(String message) {
        this.message = message;
    }

    @Override
    public boolean equals(Object o) {
        if (o == null || o.getClass() != getClass()) {
            return false;
        }
        BlockedItem other = (BlockedItem) o;
        return Objects.equals(name, other.name)
                && Objects.equals(version, other.version)
                && Objects.equals(digest, other.digest)
                && Objects.equals(gate, other.gate)
                && Objects.equals(message, other.message);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, version, digest, gate, message);
    }
}
