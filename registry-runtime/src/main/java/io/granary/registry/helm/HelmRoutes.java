package io.granary.registry.helm;

import io.granary.registry.http.RetryableFailures;
import io.granary.api.v1alpha1.repository.RepositoryFormat;
import io.granary.registry.auth.Action;
import io.granary.registry.catalog.RepositoryDefinition;
import io.granary.registry.core.HostedAssets;
import io.granary.registry.http.RepositoryRoutes;
import io.granary.registry.http.RequestIds;
import io.granary.registry.http.StoredAssetResponder;
import io.granary.registry.observability.Operation;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * The classic Helm chart repository at {@code /helm/<repository>/}: {@code index.yaml}, chart archives
 * and provenance files under {@code charts/} (GET, PUT, DELETE), and the ChartMuseum API under
 * {@code api/} ({@code POST api/charts}, {@code POST api/prov}, {@code GET api/charts[/<name>]},
 * {@code DELETE api/charts/<name>/<version>}).
 */
@ApplicationScoped
public class HelmRoutes {

    static final String PREFIX = "/helm/";
    private static final Logger LOG = Logger.getLogger(HelmRoutes.class);
    private static final Pattern CHART_FILE = Pattern.compile("charts/([A-Za-z0-9][A-Za-z0-9._+-]*\\.tgz)(\\.prov)?");
    private static final Pattern API_CHART = Pattern.compile("api/charts/([A-Za-z0-9][A-Za-z0-9._-]*)(/([A-Za-z0-9._+-]+))?");

    private final RepositoryRoutes routes;
    private final HostedAssets assets;
    private final StoredAssetResponder responder;
    private final HelmCharts charts;
    private final HelmUploadHandler upload;

    HelmRoutes(RepositoryRoutes routes, HostedAssets assets, StoredAssetResponder responder, HelmCharts charts,
               HelmUploadHandler upload) {
        this.routes = routes;
        this.assets = assets;
        this.responder = responder;
        this.charts = charts;
        this.upload = upload;
    }

    void register(@Observes Router router) {
        router.route("/helm/*").order(-100).handler(this::handle);
    }

    void handle(RoutingContext ctx) {
        RepositoryRoutes.Target target = routes.locate(ctx, PREFIX, RepositoryFormat.HELM, HelmErrors::write);
        if (target == null) {
            return;
        }
        RepositoryDefinition repository = target.repository();
        String rest = target.rest();
        HttpMethod method = ctx.request().method();
        boolean read = method == HttpMethod.GET || method == HttpMethod.HEAD;
        Action delete = repository.isImmutable(rest) ? Action.ADMIN : Action.DELETE;
        Matcher file = CHART_FILE.matcher(rest);
        Matcher api = API_CHART.matcher(rest);
        if (rest.equals("index.yaml") && read) {
            admitted(ctx, target, Action.READ, Operation.LIST, this::index);
        } else if (file.matches()) {
            String chart = file.group(1);
            boolean prov = file.group(2) != null;
            if (read) {
                admitted(ctx, target, Action.READ, Operation.PULL, r -> download(r, rest));
            } else if (method == HttpMethod.PUT) {
                admitted(ctx, target, Action.WRITE, Operation.PUSH,
                        r -> {
                            if (prov) {
                                upload.putProvenance(r, chart);
                            } else {
                                upload.putChart(r, chart);
                            }
                        });
            } else if (method == HttpMethod.DELETE && !prov) {
                String stem = chart.substring(0, chart.length() - ".tgz".length());
                admitted(ctx, target, delete, Operation.DELETE, r -> deleteFile(r, rest, stem));
            } else {
                notAllowed(ctx, "GET, HEAD, PUT, DELETE");
            }
        } else if (rest.equals("api/charts") && method == HttpMethod.POST) {
            admitted(ctx, target, Action.WRITE, Operation.PUSH, upload::postChart);
        } else if (rest.equals("api/prov") && method == HttpMethod.POST) {
            admitted(ctx, target, Action.WRITE, Operation.PUSH, upload::postProvenance);
        } else if (rest.equals("api/charts") && read) {
            admitted(ctx, target, Action.READ, Operation.LIST, r -> listApi(r, null));
        } else if (api.matches() && read && api.group(3) == null) {
            admitted(ctx, target, Action.READ, Operation.LIST, r -> listApi(r, api.group(1)));
        } else if (api.matches() && method == HttpMethod.DELETE && api.group(3) != null) {
            admitted(ctx, target, delete, Operation.DELETE, r -> deleteVersion(r, api.group(1), api.group(3)));
        } else {
            HelmErrors.reject(ctx, 404, "not found: " + ctx.request().path());
        }
    }

    private void admitted(RoutingContext ctx, RepositoryRoutes.Target target, Action action, Operation operation,
                          Consumer<HelmRequest> handler) {
        routes.admit(ctx, target, action, operation, HelmErrors::write,
                principal -> handler.accept(new HelmRequest(ctx, target.repository(), target.rest(), principal)),
                failure -> fail(ctx, failure));
    }

    /**
     * The index, stamped with its newest chart's upload time rather than the time of the request, so the
     * same charts give the same bytes and helm's If-None-Match revalidation gets a 304.
     */
    private void index(HelmRequest request) {
        charts.versions(request.repository()).subscribe().with(versions -> {
                    byte[] body = IndexYamlRenderer.render(versions, IndexYamlRenderer.newestCreated(versions))
                            .getBytes(StandardCharsets.UTF_8);
                    String etag = "\"" + sha256(body) + "\"";
                    var response = request.ctx().response()
                            .putHeader("ETag", etag)
                            .putHeader("Cache-Control", "max-age=0, must-revalidate");
                    if (matches(request.ctx().request().getHeader("If-None-Match"), etag)) {
                        response.setStatusCode(304).end();
                    } else {
                        response.setStatusCode(200).putHeader("Content-Type", "application/x-yaml").end(Buffer.buffer(body));
                    }
                },
                failure -> fail(request.ctx(), failure));
    }

    private static boolean matches(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null) {
            return false;
        }
        for (String candidate : ifNoneMatch.split(",")) {
            String tag = candidate.strip();
            if (tag.equals("*") || tag.equals(etag) || tag.equals("W/" + etag)) {
                return true;
            }
        }
        return false;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private void download(HelmRequest request, String path) {
        assets.find(request.repository(), path).subscribe().with(asset -> {
            if (asset == null) {
                HelmErrors.reject(request.ctx(), 404, "no " + path + " in " + request.repository().name());
                return;
            }
            responder.serve(request.ctx(), asset, HelmErrors::write);
        }, failure -> fail(request.ctx(), failure));
    }

    private void listApi(HelmRequest request, String chart) {
        charts.versions(request.repository()).subscribe().with(versions -> {
            JsonObject byName = new JsonObject();
            for (var v : versions) {
                String name = v.property(HelmCharts.NAME);
                if (chart != null && !chart.equals(name)) {
                    continue;
                }
                JsonObject entry = new JsonObject(v.property(HelmCharts.CHART))
                        .put("urls", new JsonArray().add(v.asset().path()))
                        .put("created", v.asset().createdAt().toString())
                        .put("digest", v.asset().sha256());
                JsonArray list = byName.getJsonArray(name);
                if (list == null) {
                    list = new JsonArray();
                    byName.put(name, list);
                }
                list.add(entry);
            }
            if (chart != null && !byName.containsKey(chart)) {
                HelmErrors.reject(request.ctx(), 404, "no chart " + chart);
                return;
            }
            request.ctx().response().setStatusCode(200).putHeader("Content-Type", "application/json")
                    .end(chart == null ? byName.encode() : byName.getJsonArray(chart).encode());
        }, failure -> fail(request.ctx(), failure));
    }

    private void deleteVersion(HelmRequest request, String name, String version) {
        charts.delete(request.repository(), name, version).subscribe().with(gone -> {
            if (gone == null) {
                HelmErrors.reject(request.ctx(), 404, "no chart " + name + " " + version);
                return;
            }
            request.ctx().response().setStatusCode(200).putHeader("Content-Type", "application/json")
                    .end(new JsonObject().put("deleted", true).encode());
        }, failure -> fail(request.ctx(), failure));
    }

    private void deleteFile(HelmRequest request, String path, String stem) {
        assets.find(request.repository(), path).subscribe().with(asset -> {
            if (asset == null) {
                HelmErrors.reject(request.ctx(), 404, "no " + path);
                return;
            }
            // The name/version split is ambiguous in a file name; the stored properties are not.
            charts.versions(request.repository()).subscribe().with(versions -> versions.stream()
                    .filter(v -> v.asset().path().equals(path)).findFirst()
                    .ifPresentOrElse(v -> deleteVersion(request, v.property(HelmCharts.NAME), v.property(HelmCharts.VERSION)),
                            () -> HelmErrors.reject(request.ctx(), 404, "no chart " + stem)),
                    failure -> fail(request.ctx(), failure));
        }, failure -> fail(request.ctx(), failure));
    }

    private static void notAllowed(RoutingContext ctx, String allow) {
        ctx.response().putHeader("Allow", allow);
        HelmErrors.reject(ctx, 405, ctx.request().method() + " is not supported here");
    }

    /** Unexpected failures: logged with the request id, answered without internals. */
    static void fail(RoutingContext ctx, Throwable failure) {
        if (RetryableFailures.answered(ctx, failure, (c, status, code, message) -> HelmErrors.reject(c, status, message))) {
            return;
        }
        LOG.errorf(failure, "Request %s %s failed", ctx.request().method(), ctx.request().path());
        HelmErrors.reject(ctx, 500, "internal error (request id " + RequestIds.of(ctx) + ")");
    }
}
