package io.granary.registry.proxy;

import io.granary.api.v1alpha1.common.Durations;
import io.granary.api.v1alpha1.repository.UpstreamSpec;
import io.granary.registry.catalog.RepositoryDefinition;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A proxy repository's upstream as declared: base URL (always ending in '/'), TTLs and safety
 * switches. The Secret is named here and resolved per login so rotated credentials apply.
 */
public record Upstream(String repository, URI base, String secretName, Duration metadataTtl, Duration negativeTtl,
                       boolean serveStale, boolean allowPrivate) {

    /**
     * The upstreams last read, by repository name, with the definition each was read from: every proxied
     * request needs its repository's upstream, and parsing the URL and TTLs each time cost cache hits
     * a tenth of their throughput. A changed definition is a new object, so it is read afresh.
     */
    private static final Map<String, Declared> DECLARED = new ConcurrentHashMap<>();

    private record Declared(RepositoryDefinition definition, Upstream upstream) {
    }

    /** The upstream of a proxy repository; throws IllegalArgumentException when it has none. */
    public static Upstream of(RepositoryDefinition repository) {
        Declared declared = DECLARED.get(repository.name());
        if (declared != null && declared.definition() == repository) {
            return declared.upstream();
        }
        Upstream upstream = parse(repository);
        DECLARED.put(repository.name(), new Declared(repository, upstream));
        return upstream;
    }

    private static Upstream parse(RepositoryDefinition repository) {
        UpstreamSpec spec = repository.resource().getSpec().getUpstream();
        if (spec == null || spec.getUrl() == null) {
            throw new IllegalArgumentException("proxy repository " + repository.name() + " declares no upstream url");
        }
        String url = spec.getUrl().endsWith("/") ? spec.getUrl() : spec.getUrl() + "/";
        return new Upstream(repository.name(), URI.create(url),
                spec.getCredentialsSecretRef() == null ? null : spec.getCredentialsSecretRef().getName(),
                Durations.parse(spec.getMetadataTtl()), Durations.parse(spec.getNegativeCacheTtl()),
                spec.getServeStaleOnError(), spec.getAllowPrivateAddresses());
    }

    /** {@code relative} (no leading '/') resolved against the base URL. */
    public URI resolve(String relative) {
        return base.resolve(relative);
    }

    /** A decoded relative path (segments separated by '/') resolved against the base URL, each segment encoded. */
    public URI resolvePath(String path) {
        StringBuilder encoded = new StringBuilder();
        for (String segment : path.split("/", -1)) {
            if (encoded.length() > 0) {
                encoded.append('/');
            }
            encoded.append(java.net.URLEncoder.encode(segment, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20"));
        }
        return base.resolve(encoded.toString());
    }

    /** The last path segment of a URL (query ignored): how indexes and requests name the same file. */
    public static String fileName(String url) {
        int q = url.indexOf('?');
        String path = q < 0 ? url : url.substring(0, q);
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /** Whether credentials may go to {@code uri}: only the upstream's own origin ever sees them. */
    boolean sameOrigin(URI uri) {
        return base.getScheme().equalsIgnoreCase(uri.getScheme()) && base.getHost().equalsIgnoreCase(uri.getHost())
                && port(base) == port(uri);
    }

    private static int port(URI uri) {
        return uri.getPort() >= 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }
}
