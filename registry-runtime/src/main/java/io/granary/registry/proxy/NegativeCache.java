package io.granary.registry.proxy;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Upstream "not found" answers, remembered for the negative-cache TTL. Kept in memory per replica on
 * purpose: a 404 is cheap to learn again, while a row per miss would cost a database write on the
 * path of every typo and every probe clients make (Maven asks several repositories for each file).
 */
final class NegativeCache {

    private static final int MAX_ENTRIES = 100_000;

    private final Map<String, Long> expiry = new ConcurrentHashMap<>();

    void remember(String key, Duration ttl) {
        if (ttl.isZero() || ttl.isNegative()) {
            return;
        }
        if (expiry.size() >= MAX_ENTRIES) {
            long now = System.nanoTime();
            expiry.values().removeIf(until -> until - now <= 0);
            if (expiry.size() >= MAX_ENTRIES) {
                expiry.clear();
            }
        }
        expiry.put(key, System.nanoTime() + ttl.toNanos());
    }

    boolean isMissing(String key) {
        Long until = expiry.get(key);
        if (until == null) {
            return false;
        }
        if (until - System.nanoTime() > 0) {
            return true;
        }
        expiry.remove(key, until);
        return false;
    }

    void forget(String key) {
        expiry.remove(key);
    }
}
