package io.granary.registry.proxy;

import io.granary.registry.catalog.RepositoryDefinition;
import io.granary.registry.core.HostedAssets;
import io.granary.registry.core.WorkerCalls;
import io.granary.registry.metadata.AssetWriteOutcome;
import io.granary.registry.metadata.StoredAsset;
import io.granary.registry.storage.BlobWriter;
import io.granary.registry.storage.ChecksumAlgorithm;
import io.granary.registry.storage.ChecksumMismatchException;
import io.granary.registry.storage.CommittedBlob;
import io.granary.registry.storage.ExpectedChecksums;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * The pull-through cache every proxy format builds on. Items live as ordinary assets of the proxy
 * repository (so listings, retention and GC treat them like hosted ones); an item is fetched when it
 * is missing, or for metadata when it is older than the TTL. Concurrent misses share one upstream
 * fetch and may follow its bytes as they arrive ({@link LiveFetch}); bytes are verified against what
 * the upstream publishes before anything is stored and before a client gets the last of them; when
 * the upstream fails, a cached copy is served as stale rather than failing the pull.
 */
@ApplicationScoped
public class ProxyCache {

    private static final Logger LOG = Logger.getLogger(ProxyCache.class);
    private static final int COPY_BUFFER = 256 * 1024;
    /** The most a streamed chunk takes at once (whole pieces, so it may end a little above). */
    private static final int MAX_CHUNK = 1024 * 1024;
    /**
     * A chunk passed on waits for this many bytes (or the end, or a short while on a slow upstream):
     * each chunk wakes the fetch thread, costs an event-loop task per client and a hand-off to the
     * file writer, and on a loaded machine each wake-up is a context switch.
     */
    private static final int MIN_CHUNK = 512 * 1024;

    private final HostedAssets assets;
    private final UpstreamClient client;
    private final MeterRegistry meters;
    private final ProxyConfig config;
    /** Transfers under way, by repository and cache path: concurrent misses follow the same one. */
    private final Map<String, LiveFetch> inFlight = new ConcurrentHashMap<>();
    private final NegativeCache notFound = new NegativeCache();

    ProxyCache(HostedAssets assets, UpstreamClient client, MeterRegistry meters, ProxyConfig config) {
        this.assets = assets;
        this.config = config;
        this.client = client;
        this.meters = meters;
    }

    /** The client proxy formats use for documents they read themselves (e.g. a Maven {@code .sha1}). */
    public UpstreamClient client() {
        return client;
    }

    /**
     * The item from cache or upstream (once stored), or null when the upstream does not have it. Fails
     * with {@link UpstreamUnavailableException}, {@link IntegrityException} or {@link UpstreamRefusedException}
     * when neither the upstream nor the cache can serve it.
     */
    public Uni<ProxyHit> resolve(RepositoryDefinition repository, Upstream upstream, ProxyItem item) {
        return answer(repository, upstream, item, false)
                .map(answer -> answer == null ? null : new ProxyHit(answer.asset(), answer.state()));
    }

    /**
     * How an item can be answered: a cached or stored asset, or (when {@code streamed} and the
     * upstream announced a length) the transfer under way, whose bytes a request follows as they come.
     */
    record Answer(StoredAsset asset, CacheState state, LiveFetch live, LiveFetch.Head head) {
    }

    Uni<Answer> answer(RepositoryDefinition repository, Upstream upstream, ProxyItem item, boolean streamed) {
        return assets.find(repository, item.cachePath()).chain(cached -> {
            if (cached != null && (!item.mutable() || fresh(cached, upstream))) {
                return Uni.createFrom().item(new Answer(cached, CacheState.HIT, null, null));
            }
            String key = repository.name() + "\n" + item.cachePath();
            if (cached == null && notFound.isMissing(key)) {
                return Uni.createFrom().nullItem();
            }
            LiveFetch fetch = join(key, repository, upstream, item);
            Uni<Answer> answer = !streamed ? stored(fetch, key, upstream) : fetch.head().chain(head -> head.streamed()
                    ? Uni.createFrom().item(new Answer(null, CacheState.MISS, fetch, head))
                    : stored(fetch, key, upstream));
            // Only failures before any byte went out get here: later ones cut the transfer short instead.
            return answer.onFailure(UpstreamUnavailableException.class).recoverWithUni(failure -> {
                if (cached != null && upstream.serveStale()) {
                    LOG.warnf("Proxy %s: serving stale %s: %s", repository.name(), item.cachePath(), failure.getMessage());
                    counter("granary_proxy_stale_total", repository).increment();
                    return Uni.createFrom().item(new Answer(cached, CacheState.STALE, null, null));
                }
                return Uni.createFrom().failure(failure);
            });
        });
    }

    /** The stored result of a fetch, remembering a "not found". */
    private Uni<Answer> stored(LiveFetch fetch, String key, Upstream upstream) {
        return fetch.stored().map(stored -> {
            if (stored == null) {
                notFound.remember(key, upstream.negativeTtl());
                return null;
            }
            return new Answer(stored, CacheState.MISS, null, null);
        });
    }

    /** The fetch of {@code key} under way, or a new one this caller starts (it runs on even if the caller goes). */
    private LiveFetch join(String key, RepositoryDefinition repository, Upstream upstream, ProxyItem item) {
        LiveFetch mine = new LiveFetch(config.liveReplayBytes());
        LiveFetch running = inFlight.putIfAbsent(key, mine);
        if (running != null) {
            return running;
        }
        fetch(repository, upstream, item, mine).subscribe().with(stored -> {
            inFlight.remove(key, mine);
            mine.complete(stored, null);
        }, failure -> {
            inFlight.remove(key, mine);
            mine.complete(null, failure);
        });
        return mine;
    }

    /**
     * The cached copy of an item that never changes, or null: lets a format skip the lookups it needs
     * only to fetch (e.g. reading an index for a file's upstream URL) once the file is cached.
     */
    public Uni<StoredAsset> cachedImmutable(RepositoryDefinition repository, String cachePath) {
        return assets.find(repository, cachePath);
    }

    /** The whole content of a cached metadata document (bounded by the caller's choice of what is metadata). */
    public Uni<byte[]> read(StoredAsset asset) {
        return assets.smallContent(asset).chain(bytes -> bytes != null ? Uni.createFrom().item(bytes)
                : assets.open(asset, 0, asset.size()).chain(content -> WorkerCalls.run(() -> {
                    try (InputStream in = content.stream()) {
                        return in.readAllBytes();
                    }
                })));
    }

    private static boolean fresh(StoredAsset cached, Upstream upstream) {
        return cached.updatedAt().plus(upstream.metadataTtl()).isAfter(Instant.now());
    }

    /** The leader's fetch: download (worker), then point the cache path at the verified blob. */
    private Uni<StoredAsset> fetch(RepositoryDefinition repository, Upstream upstream, ProxyItem item, LiveFetch live) {
        // A request that looked just before a concurrent fetch committed may have seen "absent" (and the
        // asset cache may still say so): the database decides whether the upstream is asked again.
        return assets.forget(repository, List.of(item.cachePath()))
                .chain(() -> assets.find(repository, item.cachePath()))
                .chain(current -> current != null && (!item.mutable() || fresh(current, upstream))
                        ? Uni.createFrom().item(current)
                        : fetchFromUpstream(repository, upstream, item, live));
    }

    private Uni<StoredAsset> fetchFromUpstream(RepositoryDefinition repository, Upstream upstream, ProxyItem item,
                                               LiveFetch live) {
        return WorkerCalls.run(() -> download(repository, upstream, item, live)).chain(blob -> {
            if (blob == null) {
                counter("granary_proxy_upstream_not_found_total", repository).increment();
                return Uni.createFrom().nullItem();
            }
            counter("granary_proxy_upstream_fetches_total", repository).increment();
            return assets.commit(repository, item.cachePath(), blob.blob(), blob.contentType(), "proxy", false)
                    .map(outcome -> {
                        if (outcome.asset() == null) {
                            throw new IllegalStateException("proxy " + repository.name() + " cannot cache "
                                    + item.cachePath() + ": " + outcome.result()
                                    + (outcome.result() == AssetWriteOutcome.Result.QUOTA_EXCEEDED ? " (quota)" : ""));
                        }
                        return outcome.asset();
                    });
        });
    }

    /** Verified bytes and the content type they are served with. */
    private record Downloaded(CommittedBlob blob, String contentType) {
    }

    /**
     * Downloads into the blob store. With a length announced, the bytes also go to the fetch's listeners
     * as they arrive, the last chunk only once the body has its announced length and published checksums.
     */
    private Downloaded download(RepositoryDefinition repository, Upstream upstream, ProxyItem item, LiveFetch live)
            throws IOException {
        try (UpstreamResponse response = client.get(upstream, item.source(), item.requestHeaders())) {
            if (response.notFound()) {
                return null;
            }
            ExpectedChecksums expected = item.integrity().expected(response);
            Set<ChecksumAlgorithm> extra = StoredDigests.of(repository.format(), expected);
            String type = item.contentType() != null ? item.contentType()
                    : response.headers().firstValue("Content-Type").orElse("application/octet-stream");
            long length = response.headers().firstValueAsLong("Content-Length").orElse(-1);
            try (BlobWriter writer = assets.blobs(repository).openWriter(extra)) {
                if (length >= 0) {
                    live.headers(new LiveFetch.Head(length, type, expected, Instant.now()));
                    stream(response.body(), writer, live, expected, length);
                } else {
                    copy(response.body(), writer);
                }
                return new Downloaded(writer.commit(expected), type);
            } catch (ChecksumMismatchException e) {
                counter("granary_proxy_integrity_failures_total", repository).increment();
                LOG.errorf("Proxy %s: %s from the upstream fails its published checksum; not cached", repository.name(),
                        item.cachePath());
                throw new IntegrityException(item.cachePath() + " from the upstream does not match its published checksum");
            }
        } catch (IOException e) {
            if (!(e instanceof UpstreamUnavailableException || e instanceof IntegrityException
                    || e instanceof UpstreamRefusedException)) {
                // A body cut short mid-transfer is an outage too, never a "not found".
                throw new UpstreamUnavailableException("upstream transfer of " + item.cachePath() + " failed: "
                        + e.getClass().getSimpleName(), e);
            }
            throw e;
        }
    }

    /**
     * Reads the body as it arrives into the store and to the listeners, holding the last chunk until
     * verified. The pieces Netty read are shared without a copy: the listeners get them as one
     * composite chunk, the store writes them (on its own thread, while this one hashes them).
     */
    private void stream(UpstreamBody in, BlobWriter writer, LiveFetch live, ExpectedChecksums expected, long length)
            throws IOException {
        long stall = config.responseTimeout().toNanos();
        long total = 0;
        List<Buffer> pieces;
        while (!(pieces = in.readPieces(MIN_CHUNK, MAX_CHUNK)).isEmpty()) {
            ByteBuf[] parts = new ByteBuf[pieces.size()];
            ByteBuffer[] views = new ByteBuffer[parts.length];
            for (int i = 0; i < parts.length; i++) {
                parts[i] = pieces.get(i).getByteBuf();
                views[i] = parts[i].nioBuffer();
            }
            // Unpooled heap pieces (Vert.x copies what Netty read out of its pool) wrapped, not copied.
            ByteBuf chunk = Unpooled.wrappedBuffer(parts);
            total += chunk.readableBytes();
            if (total > length) {
                throw new UpstreamUnavailableException("the upstream sent more than the " + length + " bytes it announced");
            }
            live.push(Buffer.buffer(chunk));
            writer.write(views, NOTHING);
            live.awaitListeners(stall);
        }
        if (total != length) {
            throw new UpstreamUnavailableException("the upstream sent " + total + " of the " + length + " bytes it announced");
        }
        writer.verify(expected);
        live.release();
    }

    private static final Runnable NOTHING = () -> { };

    private static void copy(InputStream in, BlobWriter writer) throws IOException {
        byte[] buffer = new byte[COPY_BUFFER];
        int n;
        while ((n = in.readNBytes(buffer, 0, buffer.length)) > 0) {
            writer.write(ByteBuffer.wrap(buffer, 0, n));
        }
    }

    private Counter counter(String name, RepositoryDefinition repository) {
        return meters.counter(name, "repository", repository.name(), "format", repository.format().wireName());
    }
}
