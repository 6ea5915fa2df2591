package io.granary.registry.pypi;

import io.granary.registry.metadata.LabeledAsset;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Locale;

/** GET of the simple index (project list or one project's files), HTML or JSON by content negotiation. */
@ApplicationScoped
class SimpleIndexHandler {

    static final String JSON = "application/vnd.pypi.simple.v1+json";
    static final String HTML = "application/vnd.pypi.simple.v1+html";

    private final PypiProjects projects;

    SimpleIndexHandler(PypiProjects projects) {
        this.projects = projects;
    }

    void projectList(PypiRequest request) {
        String type = negotiate(request);
        if (type == null) {
            notAcceptable(request);
            return;
        }
        projects.projects(request.repository()).subscribe().with(all -> send(request, type,
                        type.equals(JSON) ? SimpleIndexRenderer.projectsJson(all) : SimpleIndexRenderer.projectsHtml(all)),
                failure -> PypiRoutes.fail(request.ctx(), failure));
    }

    void project(PypiRequest request, String normalized) {
        String type = negotiate(request);
        if (type == null) {
            notAcceptable(request);
            return;
        }
        projects.filesForIndex(request.repository(), normalized).subscribe().with(files -> {
            if (files.isEmpty()) {
                PypiErrors.reject(request.ctx(), 404, "no project named " + normalized + " in " + request.repository().name());
                return;
            }
            String name = files.get(0).property(PypiProjects.NAME);
            String project = name == null ? normalized : name;
            java.util.function.Function<LabeledAsset, String> url = f -> request.url("files/" + f.asset().path());
            send(request, type, type.equals(JSON) ? SimpleIndexRenderer.filesJson(project, files, url)
                    : SimpleIndexRenderer.filesHtml(project, files, url));
        }, failure -> PypiRoutes.fail(request.ctx(), failure));
    }

    private static void send(PypiRequest request, String type, String body) {
        request.ctx().response().setStatusCode(200)
                .putHeader("Content-Type", type.equals(JSON) ? JSON : type + "; charset=utf-8")
                .putHeader("Vary", "Accept")
                .putHeader("Cache-Control", "max-age=0, must-revalidate")
                .end(body);
    }

    private static void notAcceptable(PypiRequest request) {
        PypiErrors.reject(request.ctx(), 406, "acceptable types: " + JSON + ", " + HTML + ", text/html");
    }

    /**
     * The response type: {@code ?format=} first, else the highest-q type of Accept among ours (the
     * JSON API wins a tie), HTML when Accept is absent; null when nothing acceptable.
     */
    static String negotiate(PypiRequest request) {
        String format = request.ctx().request().getParam("format");
        if (format != null && (format.equals(JSON) || format.equals(HTML) || format.equals("text/html"))) {
            return format;
        }
        String accept = request.ctx().request().getHeader("Accept");
        if (accept == null || accept.isBlank()) {
            return "text/html";
        }
        double json = -1, vndHtml = -1, textHtml = -1, any = -1;
        for (String part : accept.split(",")) {
            String[] params = part.split(";");
            String type = params[0].strip().toLowerCase(Locale.ROOT);
            double q = 1;
            for (int i = 1; i < params.length; i++) {
                String p = params[i].strip();
                if (p.startsWith("q=")) {
                    try {
                        q = Double.parseDouble(p.substring(2));
                    } catch (NumberFormatException e) {
                        q = 0;
                    }
                }
            }
            switch (type) {
                case JSON -> json = Math.max(json, q);
                case HTML -> vndHtml = Math.max(vndHtml, q);
                case "text/html" -> textHtml = Math.max(textHtml, q);
                case "*/*", "text/*", "application/*" -> any = Math.max(any, q);
                default -> { }
            }
        }
        double best = Math.max(Math.max(json, vndHtml), Math.max(textHtml, any));
        if (best <= 0) {
            return null;
        }
        if (json == best) {
            return JSON;
        }
        if (vndHtml == best) {
            return HTML;
        }
        return "text/html";
    }
}
