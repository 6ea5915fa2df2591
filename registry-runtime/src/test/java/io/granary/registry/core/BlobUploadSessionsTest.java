package io.granary.registry.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.granary.registry.catalog.RepositoryCatalog;
import io.granary.registry.catalog.RepositoryDefinition;
import io.granary.registry.storage.BlobStore;
import io.granary.registry.storage.BlobWriter;
import io.granary.registry.storage.ExpectedChecksums;
import io.granary.registry.storage.UploadOffsetException;
import io.granary.registry.storage.filesystem.FilesystemBlobStore;
import io.granary.registry.testsupport.GranaryTestResources;
import io.granary.registry.testsupport.TestRepositories;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Set;
import java.util.function.Supplier;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Chunked upload sessions on real PostgreSQL and the filesystem store. A second store instance on
 * the same root stands in for a second runtime process sharing the storage.
 */
@QuarkusTest
@QuarkusTestResource(value = GranaryTestResources.class, restrictToAnnotatedClass = true)
class BlobUploadSessionsTest {

    @Inject
    BlobUploadSessions sessions;
    @Inject
    UploadSessionPurger purger;
    @Inject
    RepositoryCatalog catalog;
    @Inject
    BlobStore blobs;

    private static <T> T await(Supplier<Uni<T>> call) throws Exception {
        try {
            return VertxContextSupport.subscribeAndAwait(call);
        } catch (java.util.concurrent.CompletionException e) {
            // Checked failures of the Uni arrive wrapped; tests assert on what the service threw.
            throw e.getCause() instanceof Exception cause ? cause : e;
        } catch (Exception e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    private RepositoryDefinition repo(String name) {
        return catalog.find(name).orElseThrow();
    }

    private void appendChunk(String id, long offset, byte[] bytes) throws Throwable {
        BlobWriter chunk = await(() -> sessions.openChunk(repo(TestRepositories.FILES), id, offset));
        chunk.write(ByteBuffer.wrap(bytes));
        await(() -> sessions.finishChunk(repo(TestRepositories.FILES), id, chunk));
    }

    @Test
    void sessionContinuedThroughAnotherStoreInstanceCompletesWithTheRightDigest() throws Throwable {
        String id = await(() -> sessions.start(repo(TestRepositories.FILES), "test"));
        assertThat(await(() -> sessions.size(repo(TestRepositories.FILES), id))).isZero();
        appendChunk(id, 0, "hello ".getBytes());

        // "Another process": its own store over the same root appends the next chunk.
        BlobStore other = new FilesystemBlobStore(GranaryTestResources.blobRoot());
        try (BlobWriter chunk = other.uploads().appendChunk(id, 6)) {
            chunk.write(ByteBuffer.wrap("world".getBytes()));
            chunk.commit(ExpectedChecksums.NONE);
        }
        assertThat(await(() -> sessions.size(repo(TestRepositories.FILES), id))).isEqualTo(11);

        assertThatThrownBy(() -> appendChunk(id, 3, "x".getBytes())).isInstanceOf(UploadOffsetException.class);

        String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest("hello world".getBytes()));
        var blob = await(() -> sessions.complete(repo(TestRepositories.FILES), id, ExpectedChecksums.sha256(expected), Set.of()));
        assertThat(blob.sha256()).isEqualTo(expected);
        assertThat(blob.size()).isEqualTo(11);
        assertThat(blobs.stat(expected)).isPresent();
        assertThatThrownBy(() -> await(() -> sessions.size(repo(TestRepositories.FILES), id)))
                .isInstanceOf(BlobUploadSessions.SessionUnknownException.class);
    }

    @Test
    void sessionsAreInvisibleFromOtherRepositories() throws Throwable {
        String id = await(() -> sessions.start(repo(TestRepositories.FILES), "test"));
        assertThatThrownBy(() -> await(() -> sessions.size(repo(TestRepositories.PUBLIC), id)))
                .isInstanceOf(BlobUploadSessions.SessionUnknownException.class);
        assertThat(await(() -> sessions.cancel(repo(TestRepositories.PUBLIC), id))).isFalse();
        assertThat(await(() -> sessions.cancel(repo(TestRepositories.FILES), id))).isTrue();
        assertThat(await(() -> sessions.cancel(repo(TestRepositories.FILES), id))).isFalse();
    }

    @Test
    void idleSessionsArePurgedWithTheirBytes() throws Throwable {
        String id = await(() -> sessions.start(repo(TestRepositories.FILES), "test"));
        appendChunk(id, 0, new byte[1000]);
        // Expiry is 3 s in tests; purge until this session is gone.
        Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500)).until(() -> {
            await(() -> purger.purge());
            try {
                blobs.uploads().size(id);
                return false;
            } catch (io.granary.registry.storage.BlobNotFoundException gone) {
                return true;
            }
        });
        assertThatThrownBy(() -> await(() -> sessions.size(repo(TestRepositories.FILES), id)))
                .isInstanceOf(BlobUploadSessions.SessionUnknownException.class);
    }
}
