package io.granary.registry.lifecycle.replication;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

/**
 * Maven files as {@code mvn deploy} sends them: each artifact file PUT (streamed, with its sha256 for the target
 * to verify), then its {@code .sha1} and {@code .md5} from the source, which the target checks against what it
 * stored. {@code maven-metadata.xml} is never copied: the target renders it from the files it holds, so it lists
 * exactly the versions that arrived. The source is enumerated from Granary's asset listing (the layout has none).
 */
final class MavenReplication extends FormatReplication {

    /** Checksums PUT after each file, as the deploy plugin does by default. */
    private static final List<String> CHECKSUMS = List.of("sha1", "md5");

    MavenReplication(Remote source, Remote target, Transfer transfer) {
        super(source, target, transfer);
    }

    @Override
    List<Item> list() throws IOException, InterruptedException {
        return SourceAssets.list(source).stream()
                .filter(a -> !a.path().contains("maven-metadata.xml"))
                .map(a -> new Item(a.path(), a.sha256(), a.size(), a.modified()))
                .toList();
    }

    @Override
    boolean copy(Item item) throws IOException, InterruptedException {
        String targetPath = target.path("maven", item.key());
        if (!putUnlessPresent(source.path("maven", item.key()), targetPath, item.digest())) {
            return false;
        }
        for (String checksum : CHECKSUMS) {
            byte[] sum = source.bytes(source.path("maven", item.key()) + "." + checksum);
            HttpResponse<byte[]> put = target.send(target.request(targetPath + "." + checksum).header("Content-Type", "text/plain")
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(sum)).build(), HttpResponse.BodyHandlers.ofByteArray());
            if (put.statusCode() != 200 && put.statusCode() != 204) {
                target.expect(put, 201, "PUT " + item.key() + "." + checksum);
            }
        }
        return true;
    }
}
