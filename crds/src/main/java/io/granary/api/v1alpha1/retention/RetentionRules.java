package io.granary.api.v1alpha1.retention;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.ValidationRule;
import io.granary.api.v1alpha1.common.ApiPatterns;
import java.util.ArrayList;
import java.util.List;

/** Which versions a run deletes. Criteria combine: a version is deleted only when every criterion that is set allows it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"keepLastVersions", "maxAge", "keepDownloadedWithin", "include", "exclude", "snapshotsOnly", "untaggedManifests"})
@ValidationRule(value = "has(self.keepLastVersions) || has(self.maxAge) || (has(self.untaggedManifests) && self.untaggedManifests)", message = "bound deletion with keepLastVersions or maxAge, or delete only untaggedManifests")
public class RetentionRules {

    @Min(0)
    @JsonPropertyDescription("Always keep the newest N versions (by push time) of each package, image or artifact.")
    private Integer keepLastVersions;

    @Pattern(ApiPatterns.DURATION)
    @JsonPropertyDescription("Delete versions pushed longer ago than this, e.g. 90d.")
    private String maxAge;

    @Pattern(ApiPatterns.DURATION)
    @JsonPropertyDescription("Keep versions downloaded within this period, whatever their age, e.g. 30d.")
    private String keepDownloadedWithin;

    @JsonPropertyDescription("Glob patterns of artifact names (Maven group:artifact, package or image name) the rules apply to; all when empty.")
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    private List<String> include = new ArrayList<>();

    @JsonPropertyDescription("Glob patterns of artifact names or versions never deleted by this policy.")
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    private List<String> exclude = new ArrayList<>();

    @Default("false")
    @JsonPropertyDescription("Apply only to snapshot and pre-release versions (Maven -SNAPSHOT, semver pre-releases).")
    private Boolean snapshotsOnly;

    @Default("false")
    @JsonPropertyDescription("Also delete OCI manifests that no tag and no index references.")
    private Boolean untaggedManifests;

    public Integer getKeepLastVersions() {
        return keepLastVersions;
    }

    public void setKeepLastVersions(Integer keepLastVersions) {
        this.keepLastVersions = keepLastVersions;
    }

    public String getMaxAge() {
        return maxAge;
    }

    public void setMaxAge(String maxAge) {
        this.maxAge = maxAge;
    }

    public String getKeepDownloadedWithin() {
        return keepDownloadedWithin;
    }

    public void setKeepDownloadedWithin(String keepDownloadedWithin) {
        this.keepDownloadedWithin = keepDownloadedWithin;
    }

    public List<String> getInclude() {
        return include;
    }

    public void setInclude(List<String> include) {
        this.include = include;
    }

    public List<String> getExclude() {
        return exclude;
    }

    public void setExclude(List<String> exclude) {
        this.exclude = exclude;
    }

    public Boolean getSnapshotsOnly() {
        return snapshotsOnly != null ? snapshotsOnly : Boolean.FALSE;
    }

    public void setSnapshotsOnly(Boolean snapshotsOnly) {
        this.snapshotsOnly = snapshotsOnly;
    }

    public Boolean getUntaggedManifests() {
        return untaggedManifests != null ? untaggedManifests : Boolean.FALSE;
    }

    public void setUntaggedManifests(Boolean untaggedManifests) {
        this.untaggedManifests = untaggedManifests;
    }
}
