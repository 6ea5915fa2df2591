package io.granary.registry.pypi;

import io.granary.registry.archive.BoundedArchiveReader;
import io.granary.registry.archive.InvalidArchiveException;
import io.granary.registry.storage.BlobStore;
import io.granary.registry.storage.CommittedBlob;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/**
 * Reads the core metadata out of an uploaded wheel or sdist and checks that the archive is what its
 * file name claims: the metadata sits where the name says, and names the same project and version.
 * Blocking; run on a worker.
 */
final class DistributionInspector {

    private DistributionInspector() {
    }

    /** Throws InvalidArchiveException with a message for the client when the file lies. */
    static CoreMetadata inspect(BlobStore blobs, CommittedBlob blob, PypiNames.DistributionFile file)
            throws IOException, InvalidArchiveException {
        String wantedPath = file.wheel()
                ? file.stem() + ".dist-info/METADATA"
                : file.stem() + "/PKG-INFO";
        Map<String, byte[]> found;
        try (InputStream in = blobs.open(blob.sha256(), 0, blob.size()).stream()) {
            found = file.wheel()
                    ? BoundedArchiveReader.readZip(in, wantedPath::equals, BoundedArchiveReader.Limits.DEFAULT)
                    : BoundedArchiveReader.readTarGz(in, wantedPath::equals, BoundedArchiveReader.Limits.DEFAULT);
        }
        byte[] raw = found.get(wantedPath);
        if (raw == null) {
            throw new InvalidArchiveException(file.filename() + " has no " + wantedPath
                    + (file.wheel() ? " (a wheel carries its metadata in <name>-<version>.dist-info/METADATA)"
                    : " (an sdist carries its metadata in <name>-<version>/PKG-INFO)"));
        }
        CoreMetadata metadata;
        try {
            metadata = CoreMetadata.parse(wantedPath, raw);
        } catch (IllegalArgumentException e) {
            throw new InvalidArchiveException(e.getMessage());
        }
        if (!PypiNames.normalize(metadata.name()).equals(PypiNames.normalize(file.name()))) {
            throw new InvalidArchiveException("file name " + file.filename() + " names project " + file.name()
                    + " but its metadata names " + metadata.name());
        }
        if (!PypiNames.sameVersion(metadata.version(), file.version())) {
            throw new InvalidArchiveException("file name " + file.filename() + " names version " + file.version()
                    + " but its metadata says " + metadata.version());
        }
        return metadata;
    }
}
