package io.granary.registry.lifecycle.retention;

import io.granary.api.v1alpha1.retention.RetentionCandidate;
import io.granary.registry.catalog.RepositoryDefinition;
import io.granary.registry.lifecycle.LifecycleReports;
import io.granary.registry.lifecycle.gc.GarbageCollector;
import io.granary.registry.lifecycle.gc.GcReport;
import io.granary.registry.metadata.RepositoryIds;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Runs a retention policy on one repository: reads what it holds, selects with the rules, and unless
 * it is a dry run deletes the candidates and collects garbage so the freed bytes are real. The report
 * is stored as the repository's last.
 */
@ApplicationScoped
public class RetentionRunner {

    private static final Logger LOG = Logger.getLogger(RetentionRunner.class);

    /** A repository's items and the version order of its format. */
    private record Inventory(List<RetentionItem> items, Comparator<RetentionItem> versionOrder) {
    }

    private final RepositoryIds repositoryIds;
    private final RetentionQueries queries;
    private final RetentionDeleter deleter;
    private final GarbageCollector gc;
    private final LifecycleReports reports;

    RetentionRunner(RepositoryIds repositoryIds, RetentionQueries queries, RetentionDeleter deleter, GarbageCollector gc,
                    LifecycleReports reports) {
        this.repositoryIds = repositoryIds;
        this.queries = queries;
        this.deleter = deleter;
        this.gc = gc;
        this.reports = reports;
    }

    /** Runs the rules on the repository; {@code grace} is the garbage collection's. */
    public Uni<RetentionReport> run(RepositoryDefinition repository, RetentionRuleSet rules, boolean dryRun, Duration grace) {
        Instant started = Instant.now();
        return repositoryIds.idOf(repository.name(), repository.format().wireName()).chain(id -> inventory(repository, id)
                .chain(inventory -> {
                    List<RetentionSelector.Candidate> candidates = RetentionSelector.select(rules, inventory.items(),
                            inventory.versionOrder(), started);
                    Deletions done = new Deletions();
                    Uni<Void> deleted = dryRun ? Uni.createFrom().voidItem() : deleteAll(repository, id, candidates, done);
                    return deleted.chain(() -> dryRun ? Uni.createFrom().item((GcReport) null)
                                    : gc.collect(grace).onFailure(IllegalStateException.class).recoverWithItem(e -> {
                                        done.error("garbage collection skipped: " + e.getMessage());
                                        return null;
                                    }))
                            .map(gcReport -> report(repository, dryRun, started, candidates, done, gcReport));
                }))
                .call(report -> reports.save(LifecycleReports.RETENTION, repository.name(), report.finishedAt(), report))
                .invoke(report -> LOG.infof("retention on %s: %d candidates, %d deleted%s", repository.name(),
                        report.candidateCount(), report.deletedCount(), dryRun ? " (dry run)" : ""));
    }

    private Uni<Inventory> inventory(RepositoryDefinition repository, long id) {
        return switch (repository.format()) {
            case OCI -> queries.manifests(id).chain(manifests -> queries.tags(id).map(tags -> new Inventory(
                    OciInventory.items(repository, manifests, tags), OciInventory.versionOrder())));
            case NPM -> queries.files(id, "", "").chain(files -> queries.tags(id).map(tags -> new Inventory(
                    NpmInventory.items(repository, files, tags), NpmInventory.versionOrder())));
            default -> {
                FormatInventory format = switch (repository.format()) {
                    case MAVEN -> new MavenInventory();
                    case PYPI -> PackageFileInventory.PYPI;
                    case HELM -> PackageFileInventory.HELM;
                    default -> new GenericInventory();
                };
                yield queries.files(id, format.nameProperty(), format.versionProperty())
                        .map(files -> new Inventory(format.items(repository, files), format.versionOrder()));
            }
        };
    }

    /** What the deletions of one run achieved. */
    private static final class Deletions {
        long count;
        long bytes;
        final List<String> errors = new ArrayList<>();

        void error(String message) {
            if (errors.size() < RetentionReport.MAX_ERRORS) {
                errors.add(message);
            }
        }
    }

    /** Deletes one by one, in order; a failure is reported and the run goes on. */
    private Uni<Void> deleteAll(RepositoryDefinition repository, long id, List<RetentionSelector.Candidate> candidates,
                                Deletions done) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (var candidate : candidates) {
            RetentionItem item = candidate.item();
            chain = chain.chain(() -> deleter.delete(repository, id, item)
                    .invoke(() -> {
                        done.count++;
                        done.bytes += item.bytes();
                    })
                    .onFailure().recoverWithUni(e -> {
                        done.error(repository.name() + " " + item.artifact() + " " + item.version() + ": " + e.getMessage());
                        return Uni.createFrom().voidItem();
                    }));
        }
        return chain;
    }

    private static RetentionReport report(RepositoryDefinition repository, boolean dryRun, Instant started,
                                          List<RetentionSelector.Candidate> candidates, Deletions done, GcReport gc) {
        List<RetentionCandidate> listed = candidates.stream().limit(RetentionReport.MAX_CANDIDATES).map(c -> {
            RetentionCandidate out = new RetentionCandidate();
            out.setRepository(repository.name());
            out.setArtifact(c.item().artifact());
            out.setVersion(c.item().version());
            out.setBytes(c.item().bytes());
            out.setReason(c.reason());
            return out;
        }).toList();
        return new RetentionReport(repository.name(), dryRun, started, Instant.now(), candidates.size(), listed, done.count,
                done.bytes, gc, List.copyOf(done.errors));
    }
}
