package io.granary.api.v1alpha1.repository;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.PrinterColumn;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.granary.api.v1alpha1.common.ApiPatterns;
import java.util.ArrayList;
import java.util.List;

/** Desired state of a Repository: its format, kind, registry, access, storage and objectives. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "self.type == 'proxy' ? has(self.upstream) : !has(self.upstream)", message = "upstream is required when type is proxy and allowed only then")
@ValidationRule(value = "self.type == 'group' ? (has(self.members) && size(self.members) > 0) : (!has(self.members) || size(self.members) == 0)", message = "members are required when type is group and allowed only then")
@ValidationRule(value = "!has(self.deployMember) || (self.type == 'group' && has(self.members) && self.deployMember in self.members)", message = "deployMember must be one of the members of a group repository")
@ValidationRule(value = "(!has(self.maven) || self.format == 'maven') && (!has(self.npm) || self.format == 'npm') && (!has(self.oci) || self.format == 'oci') && (!has(self.pypi) || self.format == 'pypi') && (!has(self.helm) || self.format == 'helm')", message = "only the section of the repository's own format (maven, npm, oci, pypi or helm) may be set")
public class RepositorySpec {

    @Default("default")
    @Pattern(ApiPatterns.DNS_SUBDOMAIN)
    @ValidationRule(value = "self == oldSelf", message = "registry is immutable; create a new Repository instead")
    @JsonPropertyDescription("Name of the Registry, in this namespace, that serves the repository.")
    private String registry;

    @Required
    @PrinterColumn(name = "Format")
    @ValidationRule(value = "self == oldSelf", message = "format is immutable; create a new Repository instead")
    @JsonPropertyDescription("Wire protocol: oci, maven, npm, pypi, helm or generic.")
    private RepositoryFormat format;

    @Default("hosted")
    @PrinterColumn(name = "Type")
    @ValidationRule(value = "self == oldSelf", message = "type is immutable; create a new Repository instead")
    @JsonPropertyDescription("hosted stores its own artifacts, proxy caches an upstream, group serves its members in order.")
    private RepositoryType type;

    @JsonPropertyDescription("The remote repository a proxy caches. Only for type proxy.")
    private UpstreamSpec upstream;

    @Size(max = 64)
    @JsonPropertyDescription("Repositories of the same format and registry, in this namespace, that a group serves, searched in order. Only for type group.")
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    private List<String> members = new ArrayList<>();

    @Pattern(ApiPatterns.DNS_SUBDOMAIN)
    @JsonPropertyDescription("Member of a group that receives pushes made to the group. Pushes to a group are refused when absent.")
    private String deployMember;

    @JsonPropertyDescription("Which artifacts can never be overwritten.")
    private ImmutabilitySpec immutability;

    @JsonPropertyDescription("Anonymous read and the role tokens to issue.")
    private AccessSpec access;

    @JsonPropertyDescription("Bucket, quota and what happens to the artifacts on deletion.")
    private StorageSpec storage;

    @JsonPropertyDescription("Pull and push objectives the repository is measured against.")
    private SloSpec slo;

    @JsonPropertyDescription("Maven settings; only when format is maven.")
    private MavenSpec maven;

    @JsonPropertyDescription("npm settings; only when format is npm.")
    private NpmSpec npm;

    @JsonPropertyDescription("OCI settings; only when format is oci.")
    private OciSpec oci;

    @JsonPropertyDescription("PyPI settings; only when format is pypi.")
    private PypiSpec pypi;

    @JsonPropertyDescription("Helm settings; only when format is helm.")
    private HelmSpec helm;

    public String getRegistry() {
        return registry != null ? registry : "default";
    }

    public void setRegistry(String registry) {
        this.registry = registry;
    }

    public RepositoryFormat getFormat() {
        return format;
    }

    public void setFormat(RepositoryFormat format) {
        this.format = format;
    }

    public RepositoryType getType() {
        return type != null ? type : RepositoryType.HOSTED;
    }

    public void setType(RepositoryType type) {
        this.type = type;
    }

    public UpstreamSpec getUpstream() {
        return upstream;
    }

    public void setUpstream(UpstreamSpec upstream) {
        this.upstream = upstream;
    }

    public List<String> getMembers() {
        return members;
    }

    public void setMembers(List<String> members) {
        this.members = members;
    }

    public String getDeployMember() {
        return deployMember;
    }

    public void setDeployMember(String deployMember) {
        this.deployMember = deployMember;
    }

    public ImmutabilitySpec getImmutability() {
        return immutability;
    }

    public void setImmutability(ImmutabilitySpec immutability) {
        this.immutability = immutability;
    }

    public AccessSpec getAccess() {
        return access;
    }

    public void setAccess(AccessSpec access) {
        this.access = access;
    }

    public StorageSpec getStorage() {
        return storage;
    }

    public void setStorage(StorageSpec storage) {
        this.storage = storage;
    }

    public SloSpec getSlo() {
        return slo;
    }

    public void setSlo(SloSpec slo) {
        this.slo = slo;
    }

    public MavenSpec getMaven() {
        return maven;
    }

    public void setMaven(MavenSpec maven) {
        this.maven = maven;
    }

    public NpmSpec getNpm() {
        return npm;
    }

    public void setNpm(NpmSpec npm) {
        this.npm = npm;
    }

    public OciSpec getOci() {
        return oci;
    }

    public void setOci(OciSpec oci) {
        this.oci = oci;
    }

    public PypiSpec getPypi() {
        return pypi;
    }

    public void setPypi(PypiSpec pypi) {
        this.pypi = pypi;
    }

    public HelmSpec getHelm() {
        return helm;
    }

    public void setHelm(HelmSpec helm) {
        this.helm = helm;
    }
}
