package io.granary.registry.http;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.granary.registry.testsupport.GranaryTestResources;
import io.granary.registry.testsupport.TestRepositories;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Blob GETs over real HTTP in one {@code granary.http.blob-send} mode: every byte as stored, whole
 * and in ranges, through the sender the mode picks for a loopback client, and no send buffer left
 * behind when a client walks away mid-body.
 */
abstract class BlobSendContract {

    private static final String ADMIN = GranaryTestResources.ADMIN_TOKEN;

    @TestHTTPResource("/")
    URI base;

    @Inject
    SendBuffers buffers;

    private final boolean copiesOnLoopback;

    /** {@code copiesOnLoopback}: whether this class's mode copies for a client on 127.0.0.1. */
    BlobSendContract(boolean copiesOnLoopback) {
        this.copiesOnLoopback = copiesOnLoopback;
    }

    /** A runtime with {@code granary.http.blob-send} forced to one mode. */
    abstract static class Mode implements QuarkusTestProfile {
        private final String mode;

        Mode(String mode) {
            this.mode = mode;
        }

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("granary.http.blob-send", mode);
        }
    }

    private static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static String upload(byte[] body) {
        String path = "/generic/" + TestRepositories.PUBLIC + "/send/" + UUID.randomUUID() + ".bin";
        given().auth().oauth2(ADMIN).body(body).put(path).then().statusCode(201);
        return path;
    }

    private static Response get(String path, String range) {
        var request = given().auth().oauth2(ADMIN);
        if (range != null) {
            request.header("Range", range);
        }
        return request.get(path);
    }

    @Test
    void wholeBlobAndRangesAreByteForByteTheStoredBytes() {
        // Not a multiple of any buffer size, and past the small-blob cache, so the sender serves it.
        byte[] body = random(3 * 1024 * 1024 + 12_345, 1);
        String path = upload(body);
        long takenBefore = buffers.taken();

        Response whole = get(path, null);
        assertThat(whole.statusCode()).isEqualTo(200);
        assertThat(whole.header("Content-Length")).isEqualTo(Integer.toString(body.length));
        assertThat(whole.asByteArray()).isEqualTo(body);

        Response middle = get(path, "bytes=1000-2600000");
        assertThat(middle.statusCode()).isEqualTo(206);
        assertThat(middle.header("Content-Range")).isEqualTo("bytes 1000-2600000/" + body.length);
        assertThat(middle.asByteArray()).isEqualTo(Arrays.copyOfRange(body, 1000, 2_600_001));

        Response oneByte = get(path, "bytes=262144-262144");
        assertThat(oneByte.statusCode()).isEqualTo(206);
        assertThat(oneByte.asByteArray()).containsExactly(body[262_144]);

        Response tail = get(path, "bytes=-70000");
        assertThat(tail.statusCode()).isEqualTo(206);
        assertThat(tail.asByteArray()).isEqualTo(Arrays.copyOfRange(body, body.length - 70_000, body.length));

        if (copiesOnLoopback) {
            assertThat(buffers.taken()).as("send buffers taken by the copying sender").isGreaterThan(takenBefore);
        } else {
            assertThat(buffers.taken()).as("sendfile takes no send buffer").isEqualTo(takenBefore);
        }
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> buffers.inUse() == 0);
    }

    @Test
    void clientLeavingMidBodyLeavesNoBufferBehind() throws Exception {
        byte[] body = random(32 * 1024 * 1024, 2);
        String path = upload(body);
        try (Socket socket = new Socket()) {
            // A small receive window so the server stalls on back-pressure well before the end.
            socket.setReceiveBufferSize(16 * 1024);
            socket.connect(new java.net.InetSocketAddress("127.0.0.1", base.getPort()), 5_000);
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + ADMIN + "\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] some = in.readNBytes(256 * 1024);
            assertThat(new String(some, 0, 12, StandardCharsets.ISO_8859_1)).isEqualTo("HTTP/1.1 200");
            if (copiesOnLoopback) {
                // The server is now blocked on the full socket with a write (and its buffer) in flight.
                Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> buffers.inUse() > 0);
            }
            socket.setSoLinger(true, 0);
        }
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> buffers.inUse() == 0);
        assertThat(get(path, "bytes=-5").asByteArray()).isEqualTo(Arrays.copyOfRange(body, body.length - 5, body.length));
    }
}
