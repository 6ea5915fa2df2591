package io.granary.registry.storage;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.granary.registry.storage.BlobFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The one behavioural contract of {@link BlobStore} (blob cases here, upload sessions inherited
 * from {@link BlobStoreSessionContract}); every backend's test extends it and only says how to get
 * an empty backend, open a store on it, and inspect its temporary area.
 */
abstract class BlobStoreContractTest extends BlobStoreSessionContract {

    @Test
    void roundTripComputesEveryChecksum() throws Exception {
        byte[] bytes = content(300_000, 1);
        Map<ChecksumAlgorithm, String> expected = new EnumMap<>(ChecksumAlgorithm.class);
        for (ChecksumAlgorithm algorithm : ChecksumAlgorithm.values()) {
            expected.put(algorithm, hex(algorithm, bytes));
        }
        CommittedBlob blob;
        try (BlobWriter writer = store.openWriter(EnumSet.of(ChecksumAlgorithm.SHA1, ChecksumAlgorithm.MD5,
                ChecksumAlgorithm.SHA512))) {
            write(writer, bytes, 100_000);
            assertThat(writer.size()).isEqualTo(bytes.length);
            blob = writer.commit(new ExpectedChecksums(expected));
        }
        assertThat(blob.checksums().values()).isEqualTo(expected);
        assertThat(blob.size()).isEqualTo(bytes.length);
        assertThat(store.stat(blob.sha256())).get().satisfies(stat -> {
            assertThat(stat.size()).isEqualTo(bytes.length);
            assertThat(stat.sha256()).isEqualTo(expected.get(ChecksumAlgorithm.SHA256));
        });
        try (BlobContent content = store.open(blob.sha256(), 0, -1)) {
            assertThat(content.totalSize()).isEqualTo(bytes.length);
            assertThat(content.length()).isEqualTo(bytes.length);
            assertThat(content.stream().readAllBytes()).isEqualTo(bytes);
        }
        assertThat(temporaryObjects()).isEmpty();
    }

    @Test
    void emptyBlobIsABlobToo() throws Exception {
        CommittedBlob blob = put(store, new byte[0]);
        assertThat(blob.sha256()).isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assertThat(store.stat(blob.sha256())).get().extracting(BlobStat::size).isEqualTo(0L);
        assertThat(read(store, blob.sha256(), 0, -1)).isEmpty();
    }

    @Test
    void checksumMismatchStoresNothing() throws Exception {
        for (byte[] bytes : List.of(content(10_000, 2), content(multiPartSize(), 3))) {
            String wrong = sha256(content(10, 4));
            try (BlobWriter writer = store.openWriter(Set.of())) {
                write(writer, bytes, 1 << 20);
                assertThatThrownBy(() -> writer.commit(ExpectedChecksums.sha256(wrong)))
                        .isInstanceOfSatisfying(ChecksumMismatchException.class, e -> {
                            assertThat(e.algorithm()).isEqualTo(ChecksumAlgorithm.SHA256);
                            assertThat(e.expected()).isEqualTo(wrong);
                            assertThat(e.actual()).isEqualTo(sha256(bytes));
                        });
            }
            assertThat(store.stat(sha256(bytes))).isEmpty();
            assertThat(store.stat(wrong)).isEmpty();
        }
        assertThat(listAll()).isEmpty();
        assertThat(temporaryObjects()).isEmpty();
    }

    @Test
    void extraChecksumMismatchStoresNothing() throws Exception {
        byte[] bytes = content(5_000, 5);
        try (BlobWriter writer = store.openWriter(Set.of(ChecksumAlgorithm.MD5))) {
            write(writer, bytes, 1000);
            ExpectedChecksums expected = new ExpectedChecksums(Map.of(ChecksumAlgorithm.SHA256, sha256(bytes),
                    ChecksumAlgorithm.MD5, "00000000000000000000000000000000"));
            assertThatThrownBy(() -> writer.commit(expected)).isInstanceOfSatisfying(ChecksumMismatchException.class,
                    e -> assertThat(e.algorithm()).isEqualTo(ChecksumAlgorithm.MD5));
        }
        assertThat(store.stat(sha256(bytes))).isEmpty();
        assertThat(temporaryObjects()).isEmpty();
    }

    @Test
    void purgeRemovesTemporariesOfWritersThatDiedButNotRecentOnes() throws Exception {
        // A writer that is neither committed nor aborted stands for a process killed mid-upload.
        BlobWriter orphan = store.openWriter(Set.of());
        write(orphan, content(multiPartSize(), 8), 1 << 20);
        assertThat(temporaryObjects()).isNotEmpty();

        assertThat(store.purgeTemporaries(java.time.Instant.now().minusSeconds(3600))).as("too recent").isZero();
        assertThat(temporaryObjects()).isNotEmpty();

        assertThat(store.purgeTemporaries(java.time.Instant.now().plusSeconds(60))).isPositive();
        assertThat(temporaryObjects()).isEmpty();
        assertThat(listAll()).isEmpty();
    }

    @Test
    void abortLeavesNothing() throws Exception {
        for (byte[] bytes : List.of(content(1000, 6), content(multiPartSize(), 7))) {
            BlobWriter writer = store.openWriter(Set.of());
            write(writer, bytes, 1 << 20);
            if (bytes.length == multiPartSize()) {
                // Proves the inspection below can see in-flight state, so "empty" means cleaned up.
                assertThat(temporaryObjects()).isNotEmpty();
            }
            writer.abort();
            writer.abort();
            writer.close();
            assertThatThrownBy(() -> writer.commit(ExpectedChecksums.NONE)).isInstanceOf(IllegalStateException.class);
            assertThat(store.stat(sha256(bytes))).isEmpty();
        }
        assertThat(listAll()).isEmpty();
        assertThat(temporaryObjects()).isEmpty();
    }

    @Test
    void byteRanges() throws Exception {
        byte[] bytes = content(10_000, 8);
        String sha = put(store, bytes).sha256();
        assertThat(read(store, sha, 0, 100)).isEqualTo(Arrays.copyOfRange(bytes, 0, 100));
        assertThat(read(store, sha, 5000, 1000)).isEqualTo(Arrays.copyOfRange(bytes, 5000, 6000));
        assertThat(read(store, sha, 9900, 100)).isEqualTo(Arrays.copyOfRange(bytes, 9900, 10_000));
        assertThat(read(store, sha, 9000, -1)).isEqualTo(Arrays.copyOfRange(bytes, 9000, 10_000));
        assertThat(read(store, sha, 9990, 100)).isEqualTo(Arrays.copyOfRange(bytes, 9990, 10_000));
        assertThat(read(store, sha, 10_000, -1)).isEmpty();
        try (BlobContent range = store.open(sha, 5000, 1000)) {
            assertThat(range.offset()).isEqualTo(5000);
            assertThat(range.length()).isEqualTo(1000);
            assertThat(range.totalSize()).isEqualTo(10_000);
            range.localFile().ifPresent(file -> assertThat(file).hasBinaryContent(bytes));
        }
        assertThatThrownBy(() -> store.open(sha, 10_001, -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void identicalContentIsStoredOnce() throws Exception {
        byte[] bytes = content(50_000, 9);
        CommittedBlob first = put(store, bytes);
        CommittedBlob second = put(store, bytes);
        assertThat(second.sha256()).isEqualTo(first.sha256());
        assertThat(listAll()).extracting(BlobStat::sha256).containsExactly(first.sha256());
        assertThat(read(store, first.sha256(), 0, -1)).isEqualTo(bytes);
        assertThat(temporaryObjects()).isEmpty();
    }

    @Test
    void deleteRemovesOnlyThatBlob() throws Exception {
        String kept = put(store, content(100, 10)).sha256();
        String gone = put(store, content(100, 11)).sha256();
        assertThat(store.delete(gone)).isTrue();
        assertThat(store.delete(gone)).isFalse();
        assertThat(store.stat(gone)).isEmpty();
        assertThatThrownBy(() -> store.open(gone, 0, -1)).isInstanceOf(BlobNotFoundException.class);
        assertThat(store.stat(kept)).isPresent();
    }

    @Test
    void listVisitsEveryCommittedBlob() throws Exception {
        Map<String, Long> expected = new HashMap<>();
        for (int i = 0; i < 5; i++) {
            byte[] bytes = content(1000 + i, 20 + i);
            expected.put(put(store, bytes).sha256(), (long) bytes.length);
        }
        Map<String, Long> listed = new HashMap<>();
        store.list(stat -> listed.put(stat.sha256(), stat.size()));
        assertThat(listed).isEqualTo(expected);
    }

    @Test
    void multiPartBlobRoundTrips() throws Exception {
        byte[] bytes = content(multiPartSize(), 12);
        CommittedBlob blob = put(store, bytes);
        assertThat(blob.size()).isEqualTo(bytes.length);
        assertThat(sha256(read(store, blob.sha256(), 0, -1))).isEqualTo(sha256(bytes));
        int middle = bytes.length / 2;
        assertThat(read(store, blob.sha256(), middle - 10, 20)).isEqualTo(Arrays.copyOfRange(bytes, middle - 10, middle + 10));
        assertThat(temporaryObjects()).isEmpty();
    }

    /**
     * The upload path hands batches of direct network buffers over and frees each batch in its
     * {@code consumed} callback: the bytes stored and hashed must be exactly the bytes given, and
     * every batch must be given back exactly once, by the time commit returns.
     */
    @Test
    void gatheredBatchesAreStoredHashedAndGivenBackOnce() throws Exception {
        byte[] bytes = content(3_000_000, 13);
        int batchSize = 700_000;
        int piece = 64 * 1024;
        List<Integer> givenBack = java.util.Collections.synchronizedList(new ArrayList<>());
        int batches = 0;
        CommittedBlob blob;
        try (BlobWriter writer = store.openWriter(EnumSet.of(ChecksumAlgorithm.MD5))) {
            for (int start = 0; start < bytes.length; start += batchSize) {
                List<java.nio.ByteBuffer> batch = new ArrayList<>();
                for (int p = start; p < Math.min(bytes.length, start + batchSize); p += piece) {
                    int length = Math.min(piece, Math.min(bytes.length, start + batchSize) - p);
                    batch.add(java.nio.ByteBuffer.allocateDirect(length).put(bytes, p, length).flip());
                }
                int id = batches++;
                writer.write(batch.toArray(new java.nio.ByteBuffer[0]), () -> givenBack.add(id));
            }
            blob = writer.commit(new ExpectedChecksums(Map.of(ChecksumAlgorithm.SHA256, sha256(bytes),
                    ChecksumAlgorithm.MD5, hex(ChecksumAlgorithm.MD5, bytes))));
        }
        assertThat(givenBack).containsExactlyInAnyOrderElementsOf(
                java.util.stream.IntStream.range(0, batches).boxed().toList());
        assertThat(read(store, blob.sha256(), 0, -1)).isEqualTo(bytes);
        assertThat(temporaryObjects()).isEmpty();
    }

    @Test
    void aBatchOfferedToAFinishedWriterIsRefusedAndStillGivenBack() throws Exception {
        List<String> givenBack = new ArrayList<>();
        BlobWriter writer = store.openWriter(Set.of());
        writer.abort();
        java.nio.ByteBuffer[] batch = {java.nio.ByteBuffer.allocateDirect(16)};
        assertThatThrownBy(() -> writer.write(batch, () -> givenBack.add("batch")))
                .isInstanceOf(IllegalStateException.class);
        assertThat(givenBack).containsExactly("batch");
    }

    @Test
    void malformedDigestsAreRefused() {
        assertThatThrownBy(() -> store.stat("../../etc/passwd")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.open("ABC", 0, -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void healthCheckPasses() throws Exception {
        store.checkHealth();
    }

    @Test
    void concurrentWritersOfTheSameContentCommitOneWholeBlob() throws Exception {
        byte[] bytes = content(multiPartSize(), 13);
        int writers = 4;
        CyclicBarrier beforeCommit = new CyclicBarrier(writers);
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Future<CommittedBlob>> results = new ArrayList<>();
            for (int i = 0; i < writers; i++) {
                results.add(pool.submit(() -> {
                    try (BlobWriter writer = store.openWriter(Set.of())) {
                        write(writer, bytes, 256 * 1024);
                        beforeCommit.await();
                        return writer.commit(ExpectedChecksums.sha256(sha256(bytes)));
                    }
                }));
            }
            for (Future<CommittedBlob> result : results) {
                assertThat(result.get().sha256()).isEqualTo(sha256(bytes));
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(listAll()).singleElement().extracting(BlobStat::size).isEqualTo((long) bytes.length);
        assertThat(sha256(read(store, sha256(bytes), 0, -1))).isEqualTo(sha256(bytes));
        assertThat(temporaryObjects()).isEmpty();
    }
}
