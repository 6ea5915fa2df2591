package io.granary.registry.group;

import io.granary.api.v1alpha1.repository.RepositoryFormat;

/** Which reads of a group are merged across members, per format; everything else is first match. */
final class MetadataMerges {

    private MetadataMerges() {
    }

    /** The merge for a read of {@code rest} in a group of {@code format}, or null for a first-match read. */
    static MetadataMerge forPath(RepositoryFormat format, String rest) {
        return switch (format) {
            case MAVEN -> MavenMetadataMerge.forPath(rest);
            case NPM -> NpmPackumentMerge.forPath(rest);
            case PYPI -> PypiSimpleMerge.forPath(rest);
            case HELM -> rest.equals("index.yaml") ? new HelmIndexMerge() : null;
            case OCI -> rest.endsWith("/tags/list") ? new OciTagsMerge() : null;
            default -> null;
        };
    }
}
