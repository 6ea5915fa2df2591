package io.granary.registry.storage;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static io.granary.registry.storage.BlobFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The upload-session half of the {@link BlobStore} contract; run through {@link BlobStoreContractTest}. */
abstract class BlobStoreSessionContract extends BlobStoreContractSupport {

    @Test
    void uploadSessionAppendsChunksAndCompletes() throws Exception {
        UploadSessionStore uploads = store.uploads();
        byte[] first = content(70_000, 14);
        byte[] second = content(multiPartSize(), 15);
        byte[] whole = concat(first, second);
        String session = uploads.create();
        assertThat(uploads.size(session)).isZero();
        appendChunk(uploads, session, 0, first);
        assertThat(uploads.size(session)).isEqualTo(first.length);
        assertThatThrownBy(() -> uploads.appendChunk(session, 0)).isInstanceOfSatisfying(UploadOffsetException.class,
                e -> assertThat(e.currentSize()).isEqualTo(first.length));
        assertThatThrownBy(() -> uploads.appendChunk(session, first.length + 1L))
                .isInstanceOf(UploadOffsetException.class);
        try (BlobWriter aborted = uploads.appendChunk(session, first.length)) {
            write(aborted, content(1000, 16), 500);
        }
        assertThat(uploads.size(session)).isEqualTo(first.length);
        appendChunk(uploads, session, first.length, second);
        assertThat(uploads.size(session)).isEqualTo(whole.length);

        CommittedBlob blob = uploads.complete(session, ExpectedChecksums.sha256(sha256(whole)),
                Set.of(ChecksumAlgorithm.SHA1));
        assertThat(blob.size()).isEqualTo(whole.length);
        assertThat(blob.checksums().get(ChecksumAlgorithm.SHA1)).contains(hex(ChecksumAlgorithm.SHA1, whole));
        assertThat(sha256(read(store, blob.sha256(), 0, -1))).isEqualTo(sha256(whole));
        assertThatThrownBy(() -> uploads.size(session)).isInstanceOf(BlobNotFoundException.class);
        assertThat(uploads.abort(session)).isFalse();
        assertThat(temporaryObjects()).isEmpty();
    }

    @Test
    void completeWithWrongDigestKeepsTheSessionAbortable() throws Exception {
        UploadSessionStore uploads = store.uploads();
        byte[] bytes = content(40_000, 17);
        String session = uploads.create();
        appendChunk(uploads, session, 0, bytes);
        String wrong = sha256(content(1, 18));
        assertThatThrownBy(() -> uploads.complete(session, ExpectedChecksums.sha256(wrong), Set.of()))
                .isInstanceOf(ChecksumMismatchException.class);
        assertThat(store.stat(sha256(bytes))).isEmpty();
        assertThat(listAll()).isEmpty();
        assertThat(uploads.size(session)).isEqualTo(bytes.length);
        assertThat(uploads.abort(session)).isTrue();
        assertThatThrownBy(() -> uploads.size(session)).isInstanceOf(BlobNotFoundException.class);
        assertThat(temporaryObjects()).isEmpty();
    }

    @Test
    void sessionContinuesOnAnotherStoreInstance() throws Exception {
        byte[] first = content(30_000, 19);
        byte[] second = content(20_000, 20);
        String session = store.uploads().create();
        appendChunk(store.uploads(), session, 0, first);
        BlobStore otherProcess = reopen();
        assertThat(otherProcess.uploads().size(session)).isEqualTo(first.length);
        appendChunk(otherProcess.uploads(), session, first.length, second);
        assertThat(store.uploads().size(session)).isEqualTo(first.length + second.length);
        byte[] whole = concat(first, second);
        CommittedBlob blob = otherProcess.uploads().complete(session, ExpectedChecksums.sha256(sha256(whole)), Set.of());
        assertThat(read(store, blob.sha256(), 0, -1)).isEqualTo(whole);
    }

    @Test
    void sessionSurvivesRestart() throws Exception {
        byte[] first = content(10_000, 21);
        byte[] second = content(10_000, 22);
        String session = store.uploads().create();
        appendChunk(store.uploads(), session, 0, first);
        if (store instanceof AutoCloseable closeable) {
            closeable.close();
        }
        store = reopen();
        assertThat(store.uploads().size(session)).isEqualTo(first.length);
        appendChunk(store.uploads(), session, first.length, second);
        byte[] whole = concat(first, second);
        CommittedBlob blob = store.uploads().complete(session, ExpectedChecksums.sha256(sha256(whole)), Set.of());
        assertThat(read(store, blob.sha256(), 0, -1)).isEqualTo(whole);
    }

    @Test
    void unknownSessionsAreNotFound() throws Exception {
        UploadSessionStore uploads = store.uploads();
        for (String unknown : List.of(UUID.randomUUID().toString(), "../../blobs", "")) {
            assertThatThrownBy(() -> uploads.size(unknown)).isInstanceOf(BlobNotFoundException.class);
            assertThatThrownBy(() -> uploads.appendChunk(unknown, 0)).isInstanceOf(BlobNotFoundException.class);
            assertThatThrownBy(() -> uploads.complete(unknown, ExpectedChecksums.NONE, Set.of()))
                    .isInstanceOf(BlobNotFoundException.class);
            assertThat(uploads.abort(unknown)).isFalse();
        }
    }

    @Test
    void idleSinceReportsSessionsWithoutRecentChunks() throws Exception {
        UploadSessionStore uploads = store.uploads();
        String empty = uploads.create();
        String active = uploads.create();
        appendChunk(uploads, active, 0, content(100, 23));
        Instant now = Instant.now();
        assertThat(uploads.idleSince(now.plus(1, ChronoUnit.MINUTES))).containsExactlyInAnyOrder(empty, active);
        assertThat(uploads.idleSince(now.minus(1, ChronoUnit.MINUTES))).isEmpty();
        uploads.abort(empty);
        assertThat(uploads.idleSince(now.plus(1, ChronoUnit.MINUTES))).containsExactly(active);
    }
}
