package io.granary.registry.proxy.maven;

import io.granary.api.v1alpha1.repository.RepositoryFormat;
import io.granary.registry.proxy.Integrity;
import io.granary.registry.proxy.ProxyFormat;
import io.granary.registry.proxy.ProxyItem;
import io.granary.registry.proxy.ProxyRequest;
import io.granary.registry.proxy.ProxyResponder;
import io.granary.registry.proxy.Upstream;
import io.granary.registry.proxy.UpstreamClient;
import io.granary.registry.storage.ChecksumAlgorithm;
import io.granary.registry.storage.ExpectedChecksums;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Maven repository through a proxy: paths map one to one onto the upstream. Release files and
 * timestamped SNAPSHOT builds never change, so they are cached for good, each checked against the
 * {@code .sha1} the upstream publishes beside it; {@code maven-metadata.xml} and non-unique
 * {@code -SNAPSHOT} files change, so they follow the metadata TTL.
 */
@ApplicationScoped
class MavenProxy implements ProxyFormat {

    private static final Pattern CHECKSUM_FILE = Pattern.compile(".*\\.(sha1|md5|sha256|sha512|asc)$");
    private static final Pattern SHA1 = Pattern.compile("^\\s*([0-9a-fA-F]{40})\\b");
    private static final int MAX_CHECKSUM_BYTES = 1024;

    private final ProxyResponder responder;
    private final UpstreamClient client;

    MavenProxy(ProxyResponder responder, UpstreamClient client) {
        this.responder = responder;
        this.client = client;
    }

    @Override
    public RepositoryFormat format() {
        return RepositoryFormat.MAVEN;
    }

    @Override
    public void serve(ProxyRequest request) {
        String path = request.filePath();
        if (path == null) {
            return;
        }
        Upstream upstream = request.upstream();
        String file = path.substring(path.lastIndexOf('/') + 1);
        boolean mutable = file.startsWith("maven-metadata.xml") || file.contains("-SNAPSHOT.")
                || file.endsWith("-SNAPSHOT");
        Integrity integrity = mutable || CHECKSUM_FILE.matcher(file).matches()
                ? Integrity.NONE : publishedSha1(upstream, path);
        Supplier<URI> source = () -> upstream.resolvePath(path);
        responder.serve(request, mutable ? ProxyItem.metadata(path, source, null, integrity)
                : ProxyItem.immutable(path, source, null, integrity));
    }

    /** The SHA-1 in the upstream's {@code <path>.sha1}; none when the upstream publishes no checksum. */
    private Integrity publishedSha1(Upstream upstream, String path) {
        return response -> {
            byte[] sha1 = client.getBytes(upstream, upstream.resolvePath(path + ".sha1"), Map.of(), MAX_CHECKSUM_BYTES);
            if (sha1 == null) {
                return ExpectedChecksums.NONE;
            }
            Matcher m = SHA1.matcher(new String(sha1, StandardCharsets.US_ASCII));
            return m.find() ? new ExpectedChecksums(Map.of(ChecksumAlgorithm.SHA1, m.group(1))) : ExpectedChecksums.NONE;
        };
    }
}
