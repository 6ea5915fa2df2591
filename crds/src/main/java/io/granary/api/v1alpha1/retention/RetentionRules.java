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
@JsonPropertyOrder({"keepLastVersions", "keepLastSnapshotBuilds", "maxAge", "keepDownloadedWithin", "include", "exclude", "snapshotsOnly", "untaggedManifests"})
@ValidationRule(value = "has(self.keepLastVersions) || has(self.keepLastSnapshotBuilds) || has(self.maxAge) || (has(self.untaggedManifests) && self.untaggedManifests)", message = "bound deletion with keepLastVersions, keepLastSnapshotBuilds or maxAge, or delete only untaggedManifests")
public class RetentionRules {

    @Min(0)
    @JsonPropertyDescription("Always keep the newest N versions of each package, image or artifact, in the format's version order (Maven, semver, PEP 440; tag time for OCI tags; push time for generic files).")
    private Integer keepLastVersions;

    @Min(0)
    @JsonPropertyDescription("Keep the newest N timestamped builds of each Maven SNAPSHOT version; older builds are deleted.")
    private Integer keepLastSnapshotBuilds;

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

    public Integer getKeepLastSnapshotBuilds() {
        return keepLastSnapshotBuilds;
    }

    public void setKeepLastSnapshotBuilds(Integer keepLastSnapshotBuilds) {
        this.keepLastSnapshotBuilds = keepLastSnapshotBuilds;
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
