package io.granary.registry.coherence;

import io.granary.registry.config.GranaryConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgConnectOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

/**
 * Keeps the in-memory metadata caches of every replica sharing one database coherent, so they can
 * hold entries for long: each committed change is announced to the other replicas through
 * PostgreSQL NOTIFY, and each replica drops what it caches of that key as the notice arrives.
 *
 * <p>Caches ask {@link #ttlNanos()} for every entry they store: the long coherent TTL while this
 * process's {@link ChangeFeed} is listening, the short configured TTL otherwise. Whenever the feed
 * goes down or comes back every cache is emptied, because notices sent in between are lost. A cache
 * takes {@link #generation()} before it reads the database and stores what it read only if
 * {@link #unchangedSince} holds, so a read that raced a change never outlives it in memory.
 *
 * <p>Operators see the feed in the metrics: {@code granary_cache_coherence_live} (1 while listening),
 * {@code granary_cache_coherence_notices_total} by direction, and
 * {@code granary_cache_coherence_feed_drops_total}, each drop being a moment every cache was emptied.
 */
@ApplicationScoped
public class CacheCoherence {

    /** The PostgreSQL NOTIFY channel; a payload is origin, topic and key, one per line. */
    public static final String CHANNEL = "granary_cache_changes";
    private static final Logger LOG = Logger.getLogger(CacheCoherence.class);
    /** Notices per NOTIFY query: each is at most a few hundred bytes, so a query stays well under 1 MiB. */
    static final int BATCH = 1000;
    private static final int MAX_BATCHES_PER_FLUSH = 4;

    private final String origin = UUID.randomUUID().toString();
    private final AtomicLong generation = new AtomicLong();
    private final Map<String, Consumer<String>> handlers = new ConcurrentHashMap<>();
    private final List<Runnable> resets = new CopyOnWriteArrayList<>();
    private final long shortTtlNanos;
    private final long coherentTtlNanos;
    private final Pool pool;
    private final Vertx vertx;
    private final MeterRegistry meters;
    private final Gauge liveGauge;
    private final Counter sentNotices;
    private final Counter receivedNotices;
    private final Counter feedDrops;
    private final Queue<String> outbox = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean flushScheduled = new AtomicBoolean();
    private volatile boolean live;
    private ChangeFeed feed;

    CacheCoherence(GranaryConfig config, Pool pool, Vertx vertx, MeterRegistry meters) {
        this.shortTtlNanos = config.metadata().assetCacheTtl().toNanos();
        this.coherentTtlNanos = config.metadata().coherentCacheTtl().toNanos();
        this.pool = pool;
        this.vertx = vertx;
        this.meters = meters;
        this.liveGauge = Gauge.builder("granary.cache.coherence.live", this, c -> c.live ? 1 : 0)
                .description("1 while this replica listens for other replicas' changes (long cache TTL), else 0")
                .register(meters);
        this.sentNotices = notices(meters, "sent");
        this.receivedNotices = notices(meters, "received");
        this.feedDrops = Counter.builder("granary.cache.coherence.feed.drops")
                .description("Times the change feed stopped listening; each emptied every metadata cache")
                .register(meters);
    }

    private static Counter notices(MeterRegistry meters, String direction) {
        return Counter.builder("granary.cache.coherence.notices").tag("direction", direction)
                .description("Change notices announced to, or received from, other replicas")
                .register(meters);
    }

    void onStart(@Observes StartupEvent event) {
        if (shortTtlNanos <= 0 || coherentTtlNanos <= shortTtlNanos) {
            return;  // caching is off, or entries expire as soon anyway: nothing to gain from a feed
        }
        feed = new ChangeFeed(vertx, listenerOptions(), CHANNEL, this::received, this::liveness);
        feed.start();
    }

    void onStop(@Observes ShutdownEvent event) {
        if (feed != null) {
            feed.stop();
        }
        // The gauge reads this instance; a registry that outlives it (tests restart the application
        // in one JVM) would otherwise keep answering from a stopped one.
        meters.remove(liveGauge);
    }

    /** Registers what a cache drops when another replica changes a key of {@code topic}. */
    public void onChange(String topic, Consumer<String> dropKey) {
        handlers.put(topic, dropKey);
    }

    /** Registers how a cache empties itself when notices may have been lost. */
    public void onReset(Runnable dropAll) {
        resets.add(dropAll);
    }

    /** How long an entry stored now may be served from memory; 0 means do not cache. */
    public long ttlNanos() {
        return live && shortTtlNanos > 0 ? coherentTtlNanos : shortTtlNanos;
    }

    /** Whether the feed is listening, i.e. other replicas' changes reach this process as they commit. */
    public boolean live() {
        return live;
    }

    /** Taken before a database read whose result may be cached. */
    public long generation() {
        return generation.get();
    }

    /** Whether no change (here or elsewhere) was seen since {@code taken}: only then may a read be cached. */
    public boolean unchangedSince(long taken) {
        return generation.get() == taken;
    }

    /**
     * Announces a committed change of {@code key} to the other replicas; the caller has already
     * dropped its own entries. Announcements made together (a package removal, a retention run
     * deleting thousands of paths) leave in one query of at most {@link #BATCH} notices, not one
     * query each. A failed announcement is logged: the other replicas then serve their entry until
     * the coherent TTL ends, which is why that TTL stays bounded.
     */
    public void changed(String topic, String key) {
        generation.incrementAndGet();
        if (feed == null) {
            return;
        }
        outbox.add(new ChangeNotice(origin, topic, key).encode());
        if (flushScheduled.compareAndSet(false, true)) {
            vertx.runOnContext(v -> flush());
        }
    }

    /** Sends what is waiting in batches; a notice added while this runs schedules the next flush. */
    private void flush() {
        flushScheduled.set(false);
        for (int round = 0; round < MAX_BATCHES_PER_FLUSH && !outbox.isEmpty(); round++) {
            Set<String> batch = new LinkedHashSet<>();  // the same notice twice in one batch says nothing more
            for (String payload; batch.size() < BATCH && (payload = outbox.poll()) != null; ) {
                batch.add(payload);
            }
            int count = batch.size();
            pool.preparedQuery("SELECT pg_notify($1, payload) FROM unnest($2::text[]) AS payload")
                    .execute(Tuple.of(CHANNEL, batch.toArray(String[]::new))).subscribe().with(
                            rows -> sentNotices.increment(count),
                            failure -> LOG.warnf("Cannot announce %d change(s) to other replicas: %s", count,
                                    failure.getMessage()));
        }
        if (!outbox.isEmpty() && flushScheduled.compareAndSet(false, true)) {
            vertx.runOnContext(v -> flush());  // leave the event loop to others between rounds
        }
    }

    private void received(String payload) {
        ChangeNotice notice = ChangeNotice.decode(payload);
        if (notice == null || notice.origin().equals(origin)) {
            return;
        }
        receivedNotices.increment();
        generation.incrementAndGet();
        Consumer<String> handler = handlers.get(notice.topic());
        if (handler == null || notice.topic().equals(ChangeNotice.EVERYTHING)) {
            dropEverything();
        } else {
            handler.accept(notice.key());
        }
    }

    private void liveness(boolean nowLive) {
        // Empty first, then switch: an entry stored between would carry the old TTL past the gap.
        generation.incrementAndGet();
        dropEverything();
        if (live && !nowLive) {
            feedDrops.increment();
        }
        live = nowLive;
        generation.incrementAndGet();
    }

    private void dropEverything() {
        resets.forEach(Runnable::run);
    }

    /** The datasource the runtime uses, as options for one plain (unpooled) listening connection. */
    static PgConnectOptions listenerOptions() {
        var config = ConfigProvider.getConfig();
        String url = config.getValue("quarkus.datasource.reactive.url", String.class);
        PgConnectOptions options = PgConnectOptions.fromUri(url.replaceFirst("^vertx-reactive:", ""));
        config.getOptionalValue("quarkus.datasource.username", String.class).ifPresent(options::setUser);
        config.getOptionalValue("quarkus.datasource.password", String.class).ifPresent(options::setPassword);
        return options.setTcpKeepAlive(true).setMetricsName("granary-cache-change-feed");
    }
}
