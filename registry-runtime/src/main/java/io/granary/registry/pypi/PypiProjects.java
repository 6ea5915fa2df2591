package io.granary.registry.pypi;

import io.granary.registry.catalog.RepositoryDefinition;
import io.granary.registry.core.HostedAssets;
import io.granary.registry.metadata.LabeledAsset;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The PyPI view of a hosted repository: a project is the folder {@code <normalized name>/} holding
 * its distribution files (with their properties) and their PEP 658 {@code .metadata} files.
 */
@ApplicationScoped
public class PypiProjects {

    static final String NAME = "pypi.name";
    static final String VERSION = "pypi.version";
    static final String REQUIRES_PYTHON = "pypi.requires-python";
    static final String CORE_METADATA_SHA256 = "pypi.core-metadata-sha256";
    static final String YANKED = "pypi.yanked";
    static final String METADATA_SUFFIX = ".metadata";
    /** Listings stop here; a project with more files than this is not a real one. */
    private static final int MAX_FILES = 100_000;

    private final HostedAssets assets;

    PypiProjects(HostedAssets assets) {
        this.assets = assets;
    }

    /** The distribution files of a project (normalized name), in file name order. */
    public Uni<List<LabeledAsset>> files(RepositoryDefinition repository, String normalized) {
        return assets.listLabeledUnder(repository, normalized + "/", MAX_FILES).map(PypiProjects::distributions);
    }

    /**
     * Like {@link #files} for the project page, which pip reads for every install: served from the
     * listing cache (see {@link HostedAssets#listLabeledUnderForIndex}).
     */
    Uni<List<LabeledAsset>> filesForIndex(RepositoryDefinition repository, String normalized) {
        return assets.listLabeledUnderForIndex(repository, normalized + "/", MAX_FILES).map(PypiProjects::distributions);
    }

    private static List<LabeledAsset> distributions(List<LabeledAsset> all) {
        return all.stream().filter(a -> !a.asset().path().endsWith(METADATA_SUFFIX)).toList();
    }

    /** Every project: normalized name → display name (as first uploaded). */
    public Uni<Map<String, String>> projects(RepositoryDefinition repository) {
        return assets.listLabeledUnder(repository, "", MAX_FILES).map(all -> {
            Map<String, String> projects = new TreeMap<>();
            for (LabeledAsset a : all) {
                String name = a.property(NAME);
                if (name != null) {
                    projects.putIfAbsent(PypiNames.normalize(name), name);
                }
            }
            return projects;
        });
    }

    /**
     * Yanks (PEP 592) every file of a release, or un-yanks it with a null reason. Returns the number
     * of files changed; 0 when the release does not exist.
     */
    public Uni<Integer> yank(RepositoryDefinition repository, String project, String version, String reason) {
        return yank(repository, project, version, null, reason);
    }

    /**
     * The same for one file of the release when {@code filename} is not null: PEP 592 marks files, and a file
     * uploaded after its release was yanked is not yanked, so a copy of the repository (replication) must be able
     * to set each file's mark as the original has it.
     */
    public Uni<Integer> yank(RepositoryDefinition repository, String project, String version, String filename, String reason) {
        String normalized = PypiNames.normalize(project);
        return files(repository, normalized).chain(files -> {
            List<String> paths = files.stream()
                    .filter(f -> PypiNames.sameVersion(f.property(VERSION), version))
                    .map(f -> f.asset().path())
                    .filter(path -> filename == null || path.equals(normalized + "/" + filename)).toList();
            return paths.isEmpty() ? Uni.createFrom().item(0)
                    : assets.setProperty(repository, paths, YANKED, reason == null ? null : reason.strip());
        });
    }
}
