package io.granary.registry.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.granary.registry.testsupport.GranaryTestResources;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** A plain-text HTTP/2 upgrade is declined: the request is answered in HTTP/1.1, never with 101. */
@QuarkusTest
@QuarkusTestResource(value = GranaryTestResources.class, restrictToAnnotatedClass = true)
class ClearTextHttp2OffTest {

    @TestHTTPResource("/")
    URI base;

    @Test
    void anUpgradeRequestIsAnsweredInHttp11() throws Exception {
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            // HTTP2-Settings: an empty SETTINGS payload, base64url.
            out.write(("GET /q/health/live HTTP/1.1\r\nHost: " + base.getHost() + "\r\n"
                    + "Connection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\nHTTP2-Settings: \r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String status = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
                    .readLine();
            assertThat(status).startsWith("HTTP/1.1 200");
        }
    }

    @Test
    void theJdkClientThatPrefersHttp2FallsBackToHttp11() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(base.resolve("/q/health/live")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
    }
}
