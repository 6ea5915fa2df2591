package io.granary.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.granary.e2e.support.Content;
import io.granary.e2e.support.GranaryFixture;
import io.granary.e2e.support.GranaryProcess;
import io.granary.e2e.support.RepositoryDefinitions;
import io.granary.e2e.support.TestPostgres;
import io.granary.e2e.support.TestS3;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two runtime processes sharing PostgreSQL and S3 act as one registry: a chunked upload started on
 * one is continued and completed on the other, and a token issued by one is honoured by the other.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class OciSharedStorageTest {

    private static final String REPO = "images";
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @Test
    void uploadStartedOnOneRuntimeCompletesOnTheOther(@TempDir Path root) throws Exception {
        try (TestPostgres postgres = TestPostgres.start(); TestS3 s3 = TestS3.start();
             GranaryFixture granary = new GranaryFixture(root)) {
            RepositoryDefinitions.ociHosted(granary.reposDir(), REPO);
            GranaryProcess a = granary.start("oci-a", granary.dir("a"), postgres.url(), s3.env("granary-oci-e2e"));
            GranaryProcess b = granary.start("oci-b", granary.dir("b"), postgres.url(), s3.env("granary-oci-e2e"));

            // A token from A's token endpoint; B must accept it (the signing key is shared through PostgreSQL).
            String basic = Base64.getEncoder().encodeToString(("ci:" + granary.token()).getBytes(StandardCharsets.UTF_8));
            HttpResponse<String> tokenResponse = http.send(HttpRequest.newBuilder(a.baseUrl().resolve(
                            "/v2/token?service=granary&scope=repository:" + REPO + "/app:pull,push"))
                    .header("Authorization", "Basic " + basic).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(tokenResponse.statusCode()).as(tokenResponse.body()).isEqualTo(200);
            String bearer = "Bearer " + new ObjectMapper().readTree(tokenResponse.body()).get("token").asText();

            byte[] blob = Content.random(12 * Content.MIB + 321, 11);
            int half = 7 * Content.MIB;
            String name = "/v2/" + REPO + "/app";
            HttpResponse<String> post = send(a.baseUrl(), "POST", name + "/blobs/uploads/", bearer, null, null);
            assertThat(post.statusCode()).as(post.body()).isEqualTo(202);
            String location = post.headers().firstValue("Location").orElseThrow();

            HttpResponse<String> first = send(a.baseUrl(), "PATCH", location, bearer,
                    Arrays.copyOfRange(blob, 0, half), "0-" + (half - 1));
            assertThat(first.statusCode()).as(first.body()).isEqualTo(202);
            HttpResponse<String> status = send(b.baseUrl(), "GET", location, bearer, null, null);
            assertThat(status.statusCode()).isEqualTo(204);
            assertThat(status.headers().firstValue("Range")).hasValue("0-" + (half - 1));
            HttpResponse<String> second = send(b.baseUrl(), "PATCH", location, bearer,
                    Arrays.copyOfRange(blob, half, blob.length), half + "-" + (blob.length - 1));
            assertThat(second.statusCode()).as(second.body()).isEqualTo(202);
            String digest = "sha256:" + Content.sha256(blob);
            HttpResponse<String> put = send(b.baseUrl(), "PUT", location + "?digest=" + digest, bearer, null, null);
            assertThat(put.statusCode()).as(put.body()).isEqualTo(201);
            assertThat(put.headers().firstValue("Docker-Content-Digest")).hasValue(digest);

            HttpResponse<byte[]> served = http.send(HttpRequest.newBuilder(a.baseUrl().resolve(name + "/blobs/" + digest))
                    .header("Authorization", bearer).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(served.statusCode()).isEqualTo(200);
            assertThat(Content.sha256(served.body())).isEqualTo(Content.sha256(blob));
        }
    }

    private HttpResponse<String> send(URI base, String method, String path, String auth, byte[] body, String range)
            throws Exception {
        HttpRequest.Builder builder = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(60))
                .header("Authorization", auth)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        if (body != null) {
            builder.header("Content-Type", "application/octet-stream");
        }
        if (range != null) {
            builder.header("Content-Range", range);
        }
        return http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    }
}
