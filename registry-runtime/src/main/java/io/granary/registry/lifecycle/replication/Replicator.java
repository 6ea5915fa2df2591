package io.granary.registry.lifecycle.replication;

import io.granary.registry.lifecycle.Globs;
import io.granary.registry.proxy.AddressGuard;
import java.io.IOException;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;

/**
 * One replication run: lists the source, copies what the target lacks or holds differently (compared by
 * digest), {@code concurrency} items at a time under one bandwidth budget, each retried with exponential backoff.
 * Nothing is remembered between runs but the target itself: a run killed midway leaves whole items behind (each
 * format's API commits an item atomically), so the next run skips them and continues with the rest, and an item
 * that failed is simply still different and tried again.
 */
public final class Replicator {

    private static final Logger LOG = Logger.getLogger(Replicator.class);
    /** First retry delay; doubled per attempt. */
    static final Duration BACKOFF = Duration.ofMillis(500);

    private final ReplicateOptions options;

    public Replicator(ReplicateOptions options) {
        this.options = options;
    }

    public ReplicationResult run() throws IOException, InterruptedException {
        Instant started = Instant.now();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).version(HttpClient.Version.HTTP_1_1).build();
        // Before any request: a Replication must not make the job read the node itself or a cloud metadata service.
        AddressGuard.check(options.source().url(), options.source().allowPrivateAddresses());
        AddressGuard.check(options.target().url(), options.target().allowPrivateAddresses());
        Remote source = new Remote(http, options.source());
        Remote target = new Remote(http, options.target());
        Transfer transfer = new Transfer(new Throttle(options.bandwidth()));
        FormatReplication format = switch (options.format()) {
            case "oci" -> new OciReplication(source, target, transfer);
            case "maven" -> new MavenReplication(source, target, transfer);
            case "npm" -> new NpmReplication(source, target, transfer);
            case "pypi" -> new PypiReplication(source, target, transfer);
            case "helm" -> new HelmReplication(source, target, transfer);
            default -> new GenericReplication(source, target, transfer);
        };
        Globs include = Globs.of(options.include());
        Globs exclude = Globs.of(options.exclude());
        List<Item> items = format.list().stream().filter(i -> include.includes(i.key()) && !exclude.anyMatch(i.key())).toList();

        AtomicLong copied = new AtomicLong();
        AtomicLong skipped = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        AtomicReference<Instant> oldestMissing = new AtomicReference<>();
        AtomicReference<String> firstError = new AtomicReference<>();
        ExecutorService pool = Executors.newFixedThreadPool(options.concurrency());
        try {
            List<Future<?>> futures = items.stream().<Future<?>>map(item -> pool.submit(() -> {
                try {
                    if (copyWithRetries(format, item)) {
                        copied.incrementAndGet();
                    } else {
                        skipped.incrementAndGet();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (IOException | RuntimeException e) {
                    failed.incrementAndGet();
                    firstError.compareAndSet(null, item.key() + ": " + e.getMessage());
                    Instant modified = item.modified() == null ? started : item.modified();
                    oldestMissing.accumulateAndGet(modified, (a, b) -> a == null || b.isBefore(a) ? b : a);
                }
                return null;
            })).toList();
            for (Future<?> f : futures) {
                try {
                    f.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    throw new IllegalStateException(e.getCause());
                }
            }
        } finally {
            pool.shutdownNow();
        }
        Instant finished = Instant.now();
        long millis = Math.max(1, Duration.between(started, finished).toMillis());
        long lag = oldestMissing.get() == null ? 0 : Math.max(1, Duration.between(oldestMissing.get(), finished).toSeconds());
        return new ReplicationResult(copied.get(), skipped.get(), failed.get(), lag, firstError.get(),
                started.truncatedTo(ChronoUnit.SECONDS).toString(), finished.truncatedTo(ChronoUnit.SECONDS).toString(),
                transfer.bytes() * 1000 / millis);
    }

    private boolean copyWithRetries(FormatReplication format, Item item) throws IOException, InterruptedException {
        IOException last = null;
        for (int attempt = 1; attempt <= options.attempts(); attempt++) {
            try {
                return format.copy(item);
            } catch (IOException e) {
                last = e;
                if (attempt < options.attempts()) {
                    long delay = BACKOFF.toMillis() << (attempt - 1);
                    LOG.warnf("replicating %s failed (attempt %d of %d), retrying in %dms: %s", item.key(), attempt,
                            options.attempts(), delay, e.getMessage());
                    Thread.sleep(delay);
                }
            }
        }
        throw last;
    }
}
