package io.granary.registry.helm;

import io.granary.registry.archive.BoundedArchiveReader;
import io.granary.registry.archive.InvalidArchiveException;
import io.granary.registry.storage.BlobStore;
import io.granary.registry.storage.CommittedBlob;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/**
 * Reads Chart.yaml from an uploaded chart archive (bounded, no path tricks) and checks that it is
 * the chart's own: the one at {@code <name>/Chart.yaml}, naming the folder it sits in. Blocking.
 */
final class ChartInspector {

    private ChartInspector() {
    }

    static ChartMetadata inspect(BlobStore blobs, CommittedBlob blob) throws IOException, InvalidArchiveException {
        Map<String, byte[]> found;
        try (InputStream in = blobs.open(blob.sha256(), 0, blob.size()).stream()) {
            found = BoundedArchiveReader.readTarGz(in, ChartInspector::isTopChartYaml, BoundedArchiveReader.Limits.DEFAULT);
        }
        if (found.isEmpty()) {
            throw new InvalidArchiveException("the archive has no <chart>/Chart.yaml: not a Helm chart");
        }
        if (found.size() > 1) {
            throw new InvalidArchiveException("the archive holds more than one chart: " + String.join(", ", found.keySet()));
        }
        var entry = found.entrySet().iterator().next();
        ChartMetadata metadata;
        try {
            metadata = ChartMetadata.parse(entry.getValue());
        } catch (IllegalArgumentException e) {
            throw new InvalidArchiveException(e.getMessage());
        }
        String folder = entry.getKey().substring(0, entry.getKey().indexOf('/'));
        if (!folder.equals(metadata.name())) {
            throw new InvalidArchiveException("Chart.yaml names chart " + metadata.name() + " but sits in folder " + folder);
        }
        return metadata;
    }

    private static boolean isTopChartYaml(String name) {
        int slash = name.indexOf('/');
        return slash > 0 && name.substring(slash + 1).equals("Chart.yaml");
    }
}
