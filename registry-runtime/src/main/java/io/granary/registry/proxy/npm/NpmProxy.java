package io.granary.registry.proxy.npm;

import io.granary.api.v1alpha1.repository.RepositoryFormat;
import io.granary.registry.proxy.Integrity;
import io.granary.registry.proxy.ProxyFormat;
import io.granary.registry.proxy.ProxyItem;
import io.granary.registry.proxy.ProxyRequest;
import io.granary.registry.proxy.ProxyResponder;
import io.granary.registry.proxy.Upstream;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An npm registry through a proxy. Packuments are metadata (cached as the upstream sent them, for the
 * metadata TTL) and are served with every tarball URL pointing back at this repository; tarballs
 * never change, are fetched from the URL the packument names and checked against its
 * {@code dist.integrity} (or {@code dist.shasum}).
 */
@ApplicationScoped
class NpmProxy implements ProxyFormat {

    private static final String PREFIX = "/npm/";
    /** A package name, scoped or not, with the scope's slash escaped or plain. */
    private static final Pattern PACKAGE = Pattern.compile(
            "((?:@[a-z0-9~-][a-z0-9._~-]*(?:/|%2[fF]))?[a-z0-9~-][a-z0-9._~-]*)(?:/-/([A-Za-z0-9._~-]+\\.tgz))?");

    private final ProxyResponder responder;

    NpmProxy(ProxyResponder responder) {
        this.responder = responder;
    }

    @Override
    public RepositoryFormat format() {
        return RepositoryFormat.NPM;
    }

    @Override
    public void serve(ProxyRequest request) {
        String rest = request.rest();
        if (rest.equals("-/ping")) {
            request.ctx().response().putHeader("Content-Type", "application/json").end("{}");
            return;
        }
        Matcher m = PACKAGE.matcher(rest);
        if (!m.matches() || rest.length() > 300) {
            request.notFound(rest);
            return;
        }
        String name = m.group(1).replace("%2f", "/").replace("%2F", "/");
        String tarball = m.group(2);
        if (tarball == null) {
            packument(request, name);
        } else {
            responder.serveImmutable(request, name + "/-/" + tarball, r -> tarballItem(r, name, tarball));
        }
    }

    private void packument(ProxyRequest request, String name) {
        String base = request.repositoryUrl(PREFIX);
        responder.subscribe(request, responder.index(request, packumentItem(request, name)), name, doc -> {
            JsonObject packument = new JsonObject(new String(doc.bytes(), StandardCharsets.UTF_8));
            JsonObject versions = packument.getJsonObject("versions", new JsonObject());
            for (String version : versions.fieldNames()) {
                JsonObject dist = versions.getJsonObject(version).getJsonObject("dist");
                String upstreamUrl = dist == null ? null : dist.getString("tarball");
                if (upstreamUrl != null) {
                    dist.put("tarball", base + name + "/-/" + Upstream.fileName(upstreamUrl));
                }
            }
            responder.sendDocument(request, doc.hit(), "application/json", packument.encode().getBytes(StandardCharsets.UTF_8));
        });
    }

    private static ProxyItem packumentItem(ProxyRequest request, String name) {
        URI source = request.upstream().resolve(name.replace("/", "%2f"));
        return ProxyItem.metadata(name + "/-/packument.json", source, "application/json", Integrity.NONE);
    }

    /** The tarball as the packument describes it (upstream URL and integrity), or null when no version has it. */
    private Uni<ProxyItem> tarballItem(ProxyRequest request, String name, String file) {
        return responder.index(request, packumentItem(request, name)).map(doc -> {
            if (doc == null) {
                return null;
            }
            JsonObject versions = new JsonObject(new String(doc.bytes(), StandardCharsets.UTF_8))
                    .getJsonObject("versions", new JsonObject());
            for (String version : versions.fieldNames()) {
                JsonObject dist = versions.getJsonObject(version).getJsonObject("dist");
                String url = dist == null ? null : dist.getString("tarball");
                if (url != null && Upstream.fileName(url).equals(file)) {
                    return ProxyItem.immutable(name + "/-/" + file, request.upstream().base().resolve(url),
                            "application/octet-stream", Integrity.known(NpmIntegrity.of(dist)));
                }
            }
            return null;
        });
    }

}
