package io.granary.registry.observability;

import io.granary.registry.config.GranaryConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per repository and operation: Prometheus timers with SLO buckets, byte counters, and the sliding
 * SLI windows behind the snapshot endpoint. A request counts as failed for SLOs when the server
 * answered 5xx or the exchange broke off; 4xx answers are the client's business.
 */
@ApplicationScoped
public class RequestMetrics {

    private static final Duration[] SLO_BUCKETS = {
        Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
        Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5),
        Duration.ofSeconds(10), Duration.ofSeconds(30)
    };

    private final MeterRegistry registry;
    private final long bucketMillis;
    private final int buckets;
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Map<String, SliWindow> windows = new ConcurrentHashMap<>();

    RequestMetrics(MeterRegistry registry, GranaryConfig config) {
        this.registry = registry;
        this.bucketMillis = config.sli().bucket().toMillis();
        this.buckets = (int) Math.max(1, config.sli().maxWindow().toMillis() / bucketMillis) + 1;
    }

    /** Starts measuring a request; the outcome is recorded when the response ends or the connection drops. */
    public void track(RoutingContext ctx, String repository, String format, Operation operation) {
        long start = System.nanoTime();
        boolean[] done = {false};
        Runnable finish = () -> {
            if (done[0]) {
                return;
            }
            done[0] = true;
            boolean ended = ctx.response().ended();
            int status = ended ? ctx.response().getStatusCode() : 0;
            record(repository, format, operation, status, System.nanoTime() - start);
            long sent = ctx.response().bytesWritten();
            long received = ctx.request().bytesRead();
            count(repository, "out", sent);
            count(repository, "in", received);
        };
        ctx.addEndHandler(v -> finish.run());
    }

    void record(String repository, String format, Operation operation, int status, long nanos) {
        String outcome = status == 0 ? "aborted" : (status / 100) + "xx";
        String key = repository + '\0' + operation + '\0' + outcome;
        timers.computeIfAbsent(key, k -> Timer.builder("granary.requests")
                .description("Requests served per repository and operation")
                .tag("repository", repository)
                .tag("format", format)
                .tag("operation", operation.tag())
                .tag("outcome", outcome)
                .serviceLevelObjectives(SLO_BUCKETS)
                .register(registry)).record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
        if (operation == Operation.PULL || operation == Operation.PUSH) {
            boolean failed = status == 0 || status >= 500;
            windows.computeIfAbsent(repository + '\0' + operation, k -> new SliWindow(bucketMillis, buckets))
                    .record(System.currentTimeMillis(), nanos / 1_000_000, failed);
        }
    }

    private void count(String repository, String direction, long bytes) {
        if (bytes <= 0) {
            return;
        }
        counters.computeIfAbsent(repository + '\0' + direction, k -> Counter.builder("granary.bytes")
                .description("Bytes transferred per repository")
                .baseUnit("bytes")
                .tag("repository", repository)
                .tag("direction", direction)
                .register(registry)).increment(bytes);
    }

    /** SLIs of a repository over the last {@code window} (capped at the configured maximum). */
    public SliSnapshot snapshot(String repository, Duration window) {
        long now = System.currentTimeMillis();
        long windowMillis = Math.min(window.toMillis(), (buckets - 1) * bucketMillis);
        return new SliSnapshot(repository, windowMillis / 1000,
                read(repository, Operation.PULL, now, windowMillis),
                read(repository, Operation.PUSH, now, windowMillis));
    }

    private SliSnapshot.Figures read(String repository, Operation operation, long now, long windowMillis) {
        SliWindow w = windows.get(repository + '\0' + operation);
        return w == null ? new SliSnapshot.Figures(0, 0, -1) : w.read(now, windowMillis);
    }
}
