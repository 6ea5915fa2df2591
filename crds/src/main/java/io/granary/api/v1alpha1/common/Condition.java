package io.granary.api.v1alpha1.common;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.Objects;

/** One observation about a resource, shaped like metav1.Condition so kstatus, Flux and ArgoCD read it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"type", "status", "reason", "message", "lastTransitionTime", "observedGeneration"})
public class Condition {

    /** Status value of a condition that holds. */
    public static final String TRUE = "True";
    /** Status value of a condition that does not hold. */
    public static final String FALSE = "False";
    /** Status value of a condition that cannot be determined yet. */
    public static final String UNKNOWN = "Unknown";

    @Required
    @Size(max = 316)
    @JsonPropertyDescription("Type of the condition in CamelCase, e.g. Ready, BucketReady, PullSLOMet.")
    private String type;

    @Required
    @Pattern(ApiPatterns.CONDITION_STATUS)
    @JsonPropertyDescription("Status of the condition: True, False or Unknown.")
    private String status;

    @Pattern(ApiPatterns.CONDITION_REASON)
    @Size(max = 1024)
    @JsonPropertyDescription("Machine-readable CamelCase reason for the last transition, e.g. BucketExists.")
    private String reason;

    @Size(max = 32768)
    @JsonPropertyDescription("Human-readable details, with the numbers a person on call needs.")
    private String message;

    @JsonPropertyDescription("RFC 3339 time at which the status last changed; updates that keep the status keep this time.")
    private String lastTransitionTime;

    @JsonPropertyDescription("metadata.generation of the resource that this condition was computed from.")
    private Long observedGeneration;

    public Condition() {
    }

    public Condition(String type, String status, String reason, String message) {
        this.type = type;
        this.status = status;
        this.reason = reason;
        this.message = message;
    }

    /** Copy constructor: conditions are stored by value, never shared between lists. */
    public Condition(Condition other) {
        this(other.type, other.status, other.reason, other.message);
        this.lastTransitionTime = other.lastTransitionTime;
        this.observedGeneration = other.observedGeneration;
    }

    public String getType() {
        return type;
    }

    public void setType(String type) {
        this.type = type;
    }

    public String getStatus() {
        return status;
    }

    public void setStatus(String status) {
        this.status = status;
    }

    public String getReason() {
        return reason;
    }

    public void setReason(String reason) {
        this.reason = reason;
    }

    public String getMessage() {
        return message;
    }

    public void setMessage(String message) {
        this.message = message;
    }

    public String getLastTransitionTime() {
        return lastTransitionTime;
    }

    public void setLastTransitionTime(String lastTransitionTime) {
        this.lastTransitionTime = lastTransitionTime;
    }

    public Long getObservedGeneration() {
        return observedGeneration;
    }

    public void setObservedGeneration(Long observedGeneration) {
        this.observedGeneration = observedGeneration;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Condition other
                && Objects.equals(type, other.type)
                && Objects.equals(status, other.status)
                && Objects.equals(reason, other.reason)
                && Objects.equals(message, other.message)
                && Objects.equals(lastTransitionTime, other.lastTransitionTime)
                && Objects.equals(observedGeneration, other.observedGeneration);
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, status, reason, message, lastTransitionTime, observedGeneration);
    }

    @Override
    public String toString() {
        return type + "=" + status + " (" + reason + (message == null ? "" : ": " + message) + ")";
    }
}
