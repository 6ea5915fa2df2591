package io.granary.registry.helm;

import io.granary.registry.catalog.RepositoryDefinition;
import io.granary.registry.core.HostedAssets;
import io.granary.registry.metadata.AssetWriteOutcome;
import io.granary.registry.metadata.LabeledAsset;
import io.granary.registry.metadata.StoredAsset;
import io.granary.registry.storage.CommittedBlob;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;

/**
 * The Helm view of a hosted repository: chart archives at {@code charts/<name>-<version>.tgz} (with
 * Chart.yaml kept as properties) and their {@code .prov} files beside them. index.yaml is rendered
 * from one consistent listing, so every change is visible in it at once and never half-written.
 */
@ApplicationScoped
public class HelmCharts {

    static final String FOLDER = "charts/";
    static final String NAME = "helm.name";
    static final String VERSION = "helm.version";
    static final String CHART = "helm.chart";
    static final String PROV_SUFFIX = ".prov";
    private static final int MAX_VERSIONS = 200_000;

    /** A refused change, with the status for the client. */
    static final class Conflict extends RuntimeException {
        final int status;

        Conflict(int status, String message) {
            super(message, null, false, false);
            this.status = status;
        }
    }

    private final HostedAssets assets;

    HelmCharts(HostedAssets assets) {
        this.assets = assets;
    }

    /** Every chart version (archives only), in path order. */
    Uni<List<LabeledAsset>> versions(RepositoryDefinition repository) {
        return assets.listLabeledUnder(repository, FOLDER, MAX_VERSIONS)
                .map(all -> all.stream().filter(a -> a.property(NAME) != null).toList());
    }

    /**
     * Files the chart. An identical archive is accepted again; other bytes for an existing version
     * are refused (409) unless {@code force} and the repository is mutable; a name that differs from
     * an existing chart's only in case or separators is refused (400).
     */
    Uni<AssetWriteOutcome.Result> publish(RepositoryDefinition repository, ChartMetadata chart, CommittedBlob blob,
                                          String actor, boolean force) {
        String path = FOLDER + chart.filename();
        return versions(repository).chain(existing -> {
            for (LabeledAsset other : existing) {
                String name = other.property(NAME);
                if (!name.equals(chart.name()) && ChartMetadata.normalize(name).equals(ChartMetadata.normalize(chart.name()))) {
                    throw new Conflict(400, "chart name " + chart.name() + " collides with the existing chart " + name
                            + "; publish it under that name");
                }
                if (other.asset().path().equals(path)) {
                    if (other.asset().sha256().equals(blob.sha256())) {
                        return Uni.createFrom().item(AssetWriteOutcome.Result.CREATED);
                    }
                    if (!force) {
                        throw new Conflict(409, chart.filename() + " already exists with other contents; "
                                + "charts are immutable, publish a new version");
                    }
                }
            }
            String json;
            try {
                json = ChartMetadata.JSON.writeValueAsString(chart.fields());
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
            return assets.commit(repository, path, blob, "application/gzip", actor,
                            Map.of(NAME, chart.name(), VERSION, chart.version(), CHART, json), !force)
                    .map(outcome -> switch (outcome.result()) {
                        case IMMUTABLE -> throw new Conflict(409, chart.filename() + " already exists");
                        case QUOTA_EXCEEDED -> throw new Conflict(413, "quota of repository " + repository.name()
                                + " exceeded: quota " + outcome.quotaBytes() + " bytes, " + outcome.usageBytes() + " used");
                        default -> outcome.result();
                    });
        });
    }

    /** Files a provenance file for an existing chart version. */
    Uni<Void> publishProvenance(RepositoryDefinition repository, String chartFilename, CommittedBlob blob, String actor) {
        return assets.find(repository, FOLDER + chartFilename).chain(chart -> {
            if (chart == null) {
                throw new Conflict(404, "no chart " + chartFilename + " to attach a provenance file to; upload the chart first");
            }
            return assets.commit(repository, FOLDER + chartFilename + PROV_SUFFIX, blob, "application/pgp-signature",
                    actor, Map.of(), false).replaceWithVoid();
        });
    }

    /** Deletes a chart version and its provenance file; returns the removed archive or null. */
    Uni<StoredAsset> delete(RepositoryDefinition repository, String name, String version) {
        String path = FOLDER + name + "-" + version + ".tgz";
        return assets.delete(repository, path + PROV_SUFFIX).chain(() -> assets.delete(repository, path));
    }
}
