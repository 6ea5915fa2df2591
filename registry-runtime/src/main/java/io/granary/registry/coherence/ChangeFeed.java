package io.granary.registry.coherence;

import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * The one PostgreSQL connection of this process that LISTENs for other replicas' changes. It tells
 * its owner when it becomes live (listening, so no change can be missed from then on) and when it
 * stops being live (closed, failed, refused), and reconnects with a bounded backoff until stopped.
 */
final class ChangeFeed {

    private static final Logger LOG = Logger.getLogger(ChangeFeed.class);
    private static final long FIRST_RETRY_MILLIS = 500;
    private static final long MAX_RETRY_MILLIS = 30_000;

    private final Vertx vertx;
    private final PgConnectOptions options;
    private final String channel;
    private final Consumer<String> onPayload;
    private final Consumer<Boolean> onLive;
    private long retryMillis = FIRST_RETRY_MILLIS;
    private volatile boolean stopped;
    private volatile PgConnection connection;

    ChangeFeed(Vertx vertx, PgConnectOptions options, String channel, Consumer<String> onPayload,
               Consumer<Boolean> onLive) {
        this.vertx = vertx;
        this.options = options;
        this.channel = channel;
        this.onPayload = onPayload;
        this.onLive = onLive;
    }

    void start() {
        connect();
    }

    void stop() {
        stopped = true;
        PgConnection open = connection;
        if (open != null) {
            open.close();
        }
    }

    private void connect() {
        if (stopped) {
            return;
        }
        PgConnection.connect(vertx, options).onComplete(connected -> {
            if (connected.failed()) {
                retryLater("cannot connect: " + connected.cause().getMessage());
                return;
            }
            PgConnection conn = connected.result();
            connection = conn;
            conn.notificationHandler(n -> {
                if (channel.equals(n.getChannel())) {
                    onPayload.accept(n.getPayload());
                }
            });
            conn.exceptionHandler(e -> LOG.debugf("change feed connection: %s", e.getMessage()));
            conn.closeHandler(v -> {
                connection = null;
                onLive.accept(false);
                retryLater("connection closed");
            });
            conn.query("LISTEN " + channel).execute().onComplete(listening -> {
                if (listening.failed()) {
                    conn.close();  // the close handler reports and retries
                    return;
                }
                retryMillis = FIRST_RETRY_MILLIS;
                onLive.accept(true);
            });
        });
    }

    private void retryLater(String why) {
        if (stopped) {
            return;
        }
        LOG.warnf("Cache change feed down (%s); caches fall back to their short TTL, retrying in %d ms",
                why, retryMillis);
        long delay = retryMillis;
        retryMillis = Math.min(MAX_RETRY_MILLIS, retryMillis * 2);
        vertx.setTimer(delay, id -> connect());
    }
}
