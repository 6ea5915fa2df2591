package io.granary.registry.proxy.helm;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.granary.api.v1alpha1.repository.RepositoryFormat;
import io.granary.registry.proxy.Integrity;
import io.granary.registry.proxy.ProxyFormat;
import io.granary.registry.proxy.ProxyItem;
import io.granary.registry.proxy.ProxyRequest;
import io.granary.registry.proxy.ProxyResponder;
import io.granary.registry.proxy.Upstream;
import io.granary.registry.storage.ExpectedChecksums;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A classic Helm chart repository through a proxy. {@code index.yaml} is metadata, served with every
 * chart URL pointing at {@code charts/<file>} of this repository (the hosted layout); chart archives
 * never change and must match the {@code digest} (sha256) the index publishes.
 */
@ApplicationScoped
class HelmProxy implements ProxyFormat {

    private static final String PREFIX = "/helm/";
    private static final Pattern CHART = Pattern.compile("charts/([A-Za-z0-9][A-Za-z0-9._+-]*\\.tgz)");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-fA-F]{64}");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final ProxyResponder responder;

    HelmProxy(ProxyResponder responder) {
        this.responder = responder;
    }

    @Override
    public RepositoryFormat format() {
        return RepositoryFormat.HELM;
    }

    @Override
    public void serve(ProxyRequest request) {
        Matcher chart = CHART.matcher(request.rest());
        if (request.rest().equals("index.yaml")) {
            String base = request.repositoryUrl(PREFIX);
            responder.subscribe(request, responder.index(request, indexItem(request)), "index.yaml", doc -> {
                ObjectNode index = parse(doc.bytes());
                forEachEntry(index, entry -> {
                    ArrayNode urls = entry.withArray("urls");
                    for (int i = 0; i < urls.size(); i++) {
                        urls.set(i, base + "charts/" + Upstream.fileName(urls.get(i).asText()));
                    }
                });
                try {
                    responder.sendDocument(request, doc.hit(), "application/x-yaml", YAML.writeValueAsBytes(index));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } else if (chart.matches()) {
            String file = chart.group(1);
            responder.serveImmutable(request, "charts/" + file, r -> chartItem(r, file));
        } else {
            request.notFound(request.rest());
        }
    }

    private static ProxyItem indexItem(ProxyRequest request) {
        return ProxyItem.metadata("index.yaml", request.upstream().resolve("index.yaml"), "application/x-yaml",
                Integrity.NONE);
    }

    /** The chart as the index lists it (URL relative to the upstream, digest), or null when it is not listed. */
    private Uni<ProxyItem> chartItem(ProxyRequest request, String file) {
        return responder.index(request, indexItem(request)).map(doc -> {
            if (doc == null) {
                return null;
            }
            ProxyItem[] found = new ProxyItem[1];
            forEachEntry(parse(doc.bytes()), entry -> {
                for (var url : entry.withArray("urls")) {
                    if (found[0] == null && Upstream.fileName(url.asText()).equals(file)) {
                        String digest = entry.path("digest").asText("");
                        URI source = request.upstream().base().resolve(url.asText());
                        found[0] = ProxyItem.immutable("charts/" + file, source, "application/gzip",
                                Integrity.known(SHA256.matcher(digest).matches()
                                        ? ExpectedChecksums.sha256(digest) : ExpectedChecksums.NONE));
                    }
                }
            });
            return found[0];
        });
    }

    private static ObjectNode parse(byte[] yaml) {
        try {
            return (ObjectNode) YAML.readTree(yaml);
        } catch (IOException | ClassCastException e) {
            throw new IllegalStateException("the upstream's index.yaml cannot be read: " + e.getMessage());
        }
    }

    private static void forEachEntry(ObjectNode index, java.util.function.Consumer<ObjectNode> visitor) {
        index.path("entries").forEach(versions -> versions.forEach(entry -> {
            if (entry instanceof ObjectNode object) {
                visitor.accept(object);
            }
        }));
    }

}
