package io.granary.registry.maven;

import io.granary.api.v1alpha1.repository.MavenSpec;
import io.granary.api.v1alpha1.repository.MavenVersionPolicy;
import io.granary.registry.catalog.RepositoryDefinition;
import java.util.Optional;

/**
 * What a repository's version policy (release, snapshot or mixed; release when unset) lets in, and
 * which files may never be replaced: released versions are immutable, SNAPSHOTs are rebuilt.
 */
final class MavenVersionRules {

    private MavenVersionRules() {
    }

    static MavenVersionPolicy policyOf(RepositoryDefinition repository) {
        MavenSpec maven = repository.resource().getSpec().getMaven();
        return maven == null ? MavenVersionPolicy.RELEASE : maven.getVersionPolicy();
    }

    /** Why {@code version} may not be deployed to the repository, or empty when it may. */
    static Optional<String> refusal(RepositoryDefinition repository, String version) {
        boolean snapshot = version.endsWith("-" + MavenPath.SNAPSHOT);
        MavenVersionPolicy policy = policyOf(repository);
        if (snapshot && policy == MavenVersionPolicy.RELEASE) {
            return Optional.of("repository " + repository.name() + " takes release versions only, not " + version
                    + ": deploy SNAPSHOTs to a snapshot repository");
        }
        if (!snapshot && policy == MavenVersionPolicy.SNAPSHOT) {
            return Optional.of("repository " + repository.name() + " takes SNAPSHOT versions only, not " + version
                    + ": deploy releases to a release repository");
        }
        return Optional.empty();
    }

    /** Whether an artifact file, once stored, may never be replaced. */
    static boolean immutable(MavenPath.Coordinates coordinates) {
        return !coordinates.snapshot();
    }
}
