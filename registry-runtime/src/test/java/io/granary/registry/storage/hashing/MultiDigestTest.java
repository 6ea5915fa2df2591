package io.granary.registry.storage.hashing;

import io.granary.registry.storage.ChecksumAlgorithm;
import io.granary.registry.storage.Checksums;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MultiDigestTest {

    @Test
    void hashesHeapAndDirectBuffersWithoutConsumingThem() throws Exception {
        byte[] bytes = new byte[200_000];
        new Random(1).nextBytes(bytes);
        MultiDigest digest = new MultiDigest(EnumSet.allOf(ChecksumAlgorithm.class));
        ByteBuffer heap = ByteBuffer.wrap(bytes, 0, 100_000);
        ByteBuffer direct = ByteBuffer.allocateDirect(100_000).put(bytes, 100_000, 100_000).flip();
        digest.update(heap);
        digest.update(direct);
        assertThat(heap.position()).isZero();
        assertThat(direct.remaining()).isEqualTo(100_000);

        Checksums checksums = digest.finish();
        for (ChecksumAlgorithm algorithm : ChecksumAlgorithm.values()) {
            String expected = HexFormat.of().formatHex(MessageDigest.getInstance(algorithm.jcaName()).digest(bytes));
            assertThat(checksums.get(algorithm)).contains(expected);
        }
        assertThat(digest.finish()).isSameAs(checksums);
    }

    @Test
    void alwaysComputesSha256AndOnlyWhatWasAsked() {
        MultiDigest digest = new MultiDigest(Set.of(ChecksumAlgorithm.MD5));
        assertThat(digest.algorithms()).containsExactlyInAnyOrder(ChecksumAlgorithm.SHA256, ChecksumAlgorithm.MD5);
        assertThat(digest.finish().values()).containsOnlyKeys(ChecksumAlgorithm.SHA256, ChecksumAlgorithm.MD5);
        assertThatThrownBy(() -> digest.update(new byte[1], 0, 1)).isInstanceOf(IllegalStateException.class);
    }
}
