package io.granary.registry.proxy.generic;

import io.granary.api.v1alpha1.repository.RepositoryFormat;
import io.granary.registry.proxy.Integrity;
import io.granary.registry.proxy.ProxyFormat;
import io.granary.registry.proxy.ProxyItem;
import io.granary.registry.proxy.ProxyRequest;
import io.granary.registry.proxy.ProxyResponder;
import io.granary.registry.storage.ExpectedChecksums;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.regex.Pattern;

/**
 * Generic files through a proxy: {@code /generic/<proxy>/<path>} is {@code <upstream>/<path>}. Raw files
 * carry no version, so they are re-checked after the metadata TTL like metadata; when the upstream
 * announces the file's SHA-256 (as Granary and Artifactory-style servers do in {@code X-Checksum-Sha256})
 * the bytes must match it.
 */
@ApplicationScoped
class GenericProxy implements ProxyFormat {

    private static final Pattern SHA256 = Pattern.compile("[0-9a-fA-F]{64}");

    private final ProxyResponder responder;

    GenericProxy(ProxyResponder responder) {
        this.responder = responder;
    }

    @Override
    public RepositoryFormat format() {
        return RepositoryFormat.GENERIC;
    }

    @Override
    public void serve(ProxyRequest request) {
        String path = request.filePath();
        if (path == null) {
            return;
        }
        responder.serve(request, ProxyItem.metadata(path, () -> request.upstream().resolvePath(path), null,
                ANNOUNCED_SHA256));
    }

    /** The upstream's own {@code X-Checksum-Sha256}, when it sends one. */
    static final Integrity ANNOUNCED_SHA256 = response -> {
        String announced = response.header("X-Checksum-Sha256");
        return announced != null && SHA256.matcher(announced).matches()
                ? ExpectedChecksums.sha256(announced) : ExpectedChecksums.NONE;
    };
}
