package io.granary.registry.proxy;

import io.granary.api.v1alpha1.repository.RepositoryFormat;
import io.granary.registry.storage.ChecksumAlgorithm;
import io.granary.registry.storage.ExpectedChecksums;
import java.util.EnumSet;
import java.util.Set;

/**
 * The digests a proxy computes for a fetched file besides SHA-256 (which addresses every blob): the
 * ones its format's clients read from a stored copy, plus whatever the upstream vouched for. Each
 * digest is another pass over every byte of a cold miss (SHA-1 costs about as much CPU as SHA-256),
 * so a format gets only what it serves: Maven's {@code X-Checksum-Sha1} (resolvers use it instead of
 * fetching the {@code .sha1}) and npm's {@code shasum}, as their hosted repositories store them.
 * Generic, PyPI, Helm and OCI clients check SHA-256 only; their hosted uploads store no SHA-1 either.
 */
final class StoredDigests {

    private StoredDigests() {
    }

    /** What a fetch for a repository of {@code format} hashes besides SHA-256, given what the upstream published. */
    static Set<ChecksumAlgorithm> of(RepositoryFormat format, ExpectedChecksums published) {
        Set<ChecksumAlgorithm> digests = EnumSet.noneOf(ChecksumAlgorithm.class);
        if (format == RepositoryFormat.MAVEN || format == RepositoryFormat.NPM) {
            digests.add(ChecksumAlgorithm.SHA1);
        }
        digests.addAll(published.values().keySet());
        digests.remove(ChecksumAlgorithm.SHA256);
        return digests;
    }
}
