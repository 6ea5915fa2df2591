package io.granary.registry.proxy.pypi;

import io.granary.api.v1alpha1.repository.RepositoryFormat;
import io.granary.registry.proxy.Integrity;
import io.granary.registry.proxy.ProxyFormat;
import io.granary.registry.proxy.ProxyItem;
import io.granary.registry.proxy.ProxyRequest;
import io.granary.registry.proxy.ProxyResponder;
import io.granary.registry.pypi.PypiNames;
import io.granary.registry.storage.ExpectedChecksums;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A PyPI simple index through a proxy. Project pages ({@code simple/<project>/}) are metadata, served
 * with every file link pointing at {@code files/<project>/<file>} of this repository (the hosted
 * layout) and the upstream's {@code #sha256=} fragment kept; files never change and must match
 * that hash.
 */
@ApplicationScoped
class PypiProxy implements ProxyFormat {

    private static final String PREFIX = "/pypi/";
    private static final Pattern PAGE = Pattern.compile("simple/([^/]+)/?");
    private static final Pattern FILE = Pattern.compile("files/([^/]+)/([A-Za-z0-9][A-Za-z0-9_.+!-]*)");

    private final ProxyResponder responder;

    PypiProxy(ProxyResponder responder) {
        this.responder = responder;
    }

    @Override
    public RepositoryFormat format() {
        return RepositoryFormat.PYPI;
    }

    @Override
    public void serve(ProxyRequest request) {
        Matcher page = PAGE.matcher(request.rest());
        Matcher file = FILE.matcher(request.rest());
        if (page.matches() && PypiNames.isValid(page.group(1))) {
            String project = PypiNames.normalize(page.group(1));
            String base = request.repositoryUrl(PREFIX);
            responder.subscribe(request, responder.index(request, pageItem(request, project)), project, doc -> {
                String html = SimplePageLinks.rewrite(new String(doc.bytes(), StandardCharsets.UTF_8),
                        name -> base + "files/" + project + "/" + name);
                responder.sendDocument(request, doc.hit(), "text/html; charset=utf-8", html.getBytes(StandardCharsets.UTF_8));
            });
        } else if (file.matches() && PypiNames.isValid(file.group(1))) {
            String project = PypiNames.normalize(file.group(1));
            String name = file.group(2);
            responder.serveImmutable(request, "files/" + project + "/" + name, r -> fileItem(r, project, name));
        } else {
            request.notFound(request.rest());
        }
    }

    private static ProxyItem pageItem(ProxyRequest request, String project) {
        return ProxyItem.metadata("simple/" + project + "/index.html", pageUrl(request, project), "text/html",
                Integrity.NONE);
    }

    private static URI pageUrl(ProxyRequest request, String project) {
        return request.upstream().resolve("simple/" + project + "/");
    }

    /** The file as the project page links it, checked against its {@code #sha256=}; null when not linked. */
    private Uni<ProxyItem> fileItem(ProxyRequest request, String project, String name) {
        return responder.index(request, pageItem(request, project)).map(doc -> {
            if (doc == null) {
                return null;
            }
            SimplePageLinks.Link link = SimplePageLinks.find(new String(doc.bytes(), StandardCharsets.UTF_8),
                    pageUrl(request, project), name);
            if (link == null) {
                return null;
            }
            return ProxyItem.immutable("files/" + project + "/" + name, link.url(), "application/octet-stream",
                    Integrity.known(link.sha256() == null ? ExpectedChecksums.NONE : ExpectedChecksums.sha256(link.sha256())));
        });
    }
}
