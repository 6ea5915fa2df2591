package io.granary.registry.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.vertx.core.net.SocketAddress;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The {@code granary.http.blob-send} setting as the runtime reads it at start, and who counts as loopback. */
class BlobSendSettingTest {

    /** The mapping built the way Quarkus builds it at start, from the given properties only. */
    private static HttpConfig read(Map<String, String> properties) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withMapping(HttpConfig.class)
                .withSources(new PropertiesConfigSource(properties, "test", 500))
                .build();
        return config.getConfigMapping(HttpConfig.class);
    }

    @Test
    void defaultIsAuto() {
        assertThat(read(Map.of()).blobSend()).isEqualTo(HttpConfig.BlobSend.AUTO);
    }

    @ParameterizedTest
    @CsvSource({"auto, AUTO", "sendfile, SENDFILE", "copy, COPY", "COPY, COPY"})
    void documentedValuesAreAccepted(String value, HttpConfig.BlobSend expected) {
        assertThat(read(Map.of("granary.http.blob-send", value)).blobSend()).isEqualTo(expected);
    }

    @Test
    void unknownValueStopsTheStartWithTheKeyAndTheAllowedValues() {
        assertThatThrownBy(() -> read(Map.of("granary.http.blob-send", "zerocopy")))
                .hasMessageContaining("granary.http.blob-send")
                .hasMessageContaining("zerocopy")
                .hasMessageContaining("auto")
                .hasMessageContaining("sendfile")
                .hasMessageContaining("copy");
    }

    @ParameterizedTest
    @CsvSource({"127.0.0.1, true", "127.45.6.7, true", "::1, true", "10.1.2.3, false", "192.0.2.8, false",
            "2001:db8::5, false", "::ffff:127.0.0.1, true"})
    void loopbackIsTheWhole127NetAndIpv6Loopback(String ip, boolean loopback) throws Exception {
        SocketAddress peer = SocketAddress.inetSocketAddress(new InetSocketAddress(InetAddress.getByName(ip), 40000));
        assertThat(BlobSender.isLoopback(peer)).isEqualTo(loopback);
    }

    @Test
    void noAddressOrAHostNameIsNotLoopback() {
        assertThat(BlobSender.isLoopback(null)).isFalse();
        assertThat(BlobSender.isLoopback(SocketAddress.domainSocketAddress("/tmp/granary.sock"))).isFalse();
        // A name is never looked up (the sender runs on the event loop), so even this one does not count.
        assertThat(BlobSender.isLoopback(SocketAddress.inetSocketAddress(8080, "localhost"))).isFalse();
    }
}
