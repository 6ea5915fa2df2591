package io.granary.registry.helm;

import io.granary.registry.archive.InvalidArchiveException;
import io.granary.registry.audit.AuditEntry;
import io.granary.registry.audit.AuditLog;
import io.granary.registry.core.HostedAssets;
import io.granary.registry.core.WorkerCalls;
import io.granary.registry.http.BlobReceiver;
import io.granary.registry.http.MultipartReceiver;
import io.granary.registry.http.RequestBodyPump;
import io.granary.registry.storage.CommittedBlob;
import io.granary.registry.storage.ExpectedChecksums;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Chart uploads: {@code PUT charts/<name>-<version>.tgz[.prov]} and ChartMuseum's {@code POST api/charts}
 * (raw archive, or multipart with {@code chart} and {@code prov}) and {@code POST api/prov}. The archive
 * is streamed into the blob store, then its Chart.yaml read and validated before the chart is filed.
 */
@ApplicationScoped
class HelmUploadHandler {

    private static final Logger LOG = Logger.getLogger(HelmUploadHandler.class);
    private static final long MAX_PROV_BYTES = 1 << 20;

    private final HostedAssets assets;
    private final HelmCharts charts;
    private final BlobReceiver receiver;
    private final MultipartReceiver multipart;
    private final AuditLog audit;

    HelmUploadHandler(HostedAssets assets, HelmCharts charts, BlobReceiver receiver, MultipartReceiver multipart,
                      AuditLog audit) {
        this.assets = assets;
        this.charts = charts;
        this.receiver = receiver;
        this.multipart = multipart;
        this.audit = audit;
    }

    /** PUT of a chart archive under its own file name. */
    void putChart(HelmRequest request, String filename) {
        limit(request).chain(limit -> receiver.receive(request.ctx(), request.repository(), Set.of(), ExpectedChecksums.NONE, limit))
                .chain(blob -> file(request, blob, filename, null))
                .subscribe().with(v -> saved(request), failure -> refuse(request, failure));
    }

    /** PUT of a provenance file beside its chart. */
    void putProvenance(HelmRequest request, String chartFilename) {
        receiver.receive(request.ctx(), request.repository(), Set.of(), ExpectedChecksums.NONE, MAX_PROV_BYTES)
                .chain(blob -> charts.publishProvenance(request.repository(), chartFilename, blob, request.principal().name()))
                .subscribe().with(v -> saved(request), failure -> refuse(request, failure));
    }

    /** ChartMuseum's POST api/charts. */
    void postChart(HelmRequest request) {
        if (!MultipartReceiver.isMultipart(request.ctx())) {
            putChart(request, null);
            return;
        }
        limit(request).chain(limit -> multipart.receive(request.ctx(), request.repository(), Set.of("chart", "prov"), Set.of(), limit))
                .chain(form -> {
                    var chart = form.files().get("chart");
                    if (chart == null) {
                        throw new HelmCharts.Conflict(400, "the form has no file in the field 'chart'");
                    }
                    var prov = form.files().get("prov");
                    return file(request, chart.blob(), null, prov == null ? null : prov.blob());
                })
                .subscribe().with(v -> saved(request), failure -> refuse(request, failure));
    }

    /** ChartMuseum's POST api/prov: a multipart {@code prov} part named {@code <chart>.tgz.prov}. */
    void postProvenance(HelmRequest request) {
        if (!MultipartReceiver.isMultipart(request.ctx())) {
            HelmErrors.reject(request.ctx(), 400, "send the provenance file as multipart field 'prov' named <chart>-<version>.tgz.prov");
            return;
        }
        multipart.receive(request.ctx(), request.repository(), Set.of("prov"), Set.of(), MAX_PROV_BYTES).chain(form -> {
            var prov = form.files().get("prov");
            if (prov == null || prov.filename() == null || !prov.filename().endsWith(".tgz.prov")) {
                throw new HelmCharts.Conflict(400, "the form has no file <chart>-<version>.tgz.prov in the field 'prov'");
            }
            String chart = prov.filename().substring(0, prov.filename().length() - HelmCharts.PROV_SUFFIX.length());
            return charts.publishProvenance(request.repository(), chart, prov.blob(), request.principal().name());
        }).subscribe().with(v -> saved(request), failure -> refuse(request, failure));
    }

    private Uni<Long> limit(HelmRequest request) {
        long announced = parseLength(request.ctx().request().getHeader("Content-Length"));
        return assets.remainingQuota(request.repository()).map(receiver::limit).invoke(limit -> {
            if (limit >= 0 && announced > limit) {
                throw new RequestBodyPump.TooLarge(limit);
            }
        });
    }

    /** Validates the chart, checks the file name it was sent under, files it (and its provenance). */
    private Uni<Void> file(HelmRequest request, CommittedBlob blob, String sentFilename, CommittedBlob prov) {
        String actor = request.principal().name();
        boolean force = request.ctx().request().params().contains("force");
        return WorkerCalls.run(() -> inspect(request, blob)).chain(chart -> {
            if (sentFilename != null && !sentFilename.equals(chart.filename())) {
                throw new HelmCharts.Conflict(400, "Chart.yaml says " + chart.name() + " " + chart.version()
                        + ", so the file must be named " + chart.filename() + ", not " + sentFilename);
            }
            Uni<Void> filed = charts.publish(request.repository(), chart, blob, actor, force)
                    .chain(() -> audit.record(new AuditEntry(request.requestId(), actor, "write", request.repository().name(),
                            HelmCharts.FOLDER + chart.filename(), AuditEntry.ALLOWED, 201,
                            "sha256:" + blob.sha256() + " size:" + blob.size(), request.remote())));
            return prov == null ? filed
                    : filed.chain(() -> charts.publishProvenance(request.repository(), chart.filename(), prov, actor));
        });
    }

    private ChartMetadata inspect(HelmRequest request, CommittedBlob blob) throws java.io.IOException {
        try {
            return ChartInspector.inspect(assets.blobs(request.repository()), blob);
        } catch (InvalidArchiveException e) {
            throw new HelmCharts.Conflict(400, "invalid chart archive: " + e.getMessage());
        }
    }

    private static void saved(HelmRequest request) {
        request.ctx().response().setStatusCode(201).putHeader("Content-Type", "application/json")
                .end(new JsonObject().put("saved", true).encode());
    }

    private void refuse(HelmRequest request, Throwable failure) {
        var ctx = request.ctx();
        if (failure instanceof HelmCharts.Conflict conflict) {
            LOG.infof("Chart upload to %s refused: %s", request.repository().name(), conflict.getMessage());
            HelmErrors.reject(ctx, conflict.status, conflict.getMessage());
        } else if (failure instanceof RequestBodyPump.TooLarge tooLarge) {
            HelmErrors.reject(ctx, 413, "upload larger than the " + tooLarge.limit() + " bytes this repository accepts");
        } else if (failure instanceof MultipartReceiver.BadForm bad) {
            HelmErrors.reject(ctx, 413, bad.getMessage());
        } else if (failure instanceof BlobReceiver.Incomplete) {
            HelmErrors.reject(ctx, 400, "the upload was not received whole");
        } else {
            HelmRoutes.fail(ctx, failure);
        }
    }

    private static long parseLength(String header) {
        try {
            return header == null ? -1 : Long.parseLong(header.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
