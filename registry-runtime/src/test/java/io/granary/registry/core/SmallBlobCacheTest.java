package io.granary.registry.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SmallBlobCacheTest {

    @Test
    void refusesBlobsAboveTheSizeLimit() {
        SmallBlobCache cache = new SmallBlobCache(10, 100);
        assertThat(cache.accepts(10)).isTrue();
        assertThat(cache.accepts(11)).isFalse();
        cache.put("big", new byte[11]);
        assertThat(cache.get("big")).isNull();
    }

    @Test
    void evictsLeastRecentlyUsedBeyondTheTotal() {
        SmallBlobCache cache = new SmallBlobCache(10, 25);
        cache.put("a", new byte[10]);
        cache.put("b", new byte[10]);
        assertThat(cache.get("a")).isNotNull();
        cache.put("c", new byte[10]);
        assertThat(cache.get("b")).as("least recently used").isNull();
        assertThat(cache.get("a")).isNotNull();
        assertThat(cache.get("c")).isNotNull();
    }

    @Test
    void zeroTotalDisablesTheCache() {
        SmallBlobCache cache = new SmallBlobCache(10, 0);
        assertThat(cache.accepts(1)).isFalse();
        cache.put("a", new byte[1]);
        assertThat(cache.get("a")).isNull();
    }
}
