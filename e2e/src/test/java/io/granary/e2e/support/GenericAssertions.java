package io.granary.e2e.support;

import static io.granary.e2e.support.GranaryFixture.REPO;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;

/** What a client can see of a stored file: its bytes, its headers and the folder listing, all agreeing. */
public final class GenericAssertions {

    private GenericAssertions() {
    }

    /** GET gives exactly these bytes with their {@code X-Checksum-Sha256}, and the listing agrees. */
    public static void assertServed(GenericApi api, String path, long size, String sha256) {
        HttpResponse<byte[]> get = api.get(REPO, path);
        assertThat(get.statusCode()).as("GET " + path).isEqualTo(200);
        assertThat(get.body().length).as("size of " + path).isEqualTo(size);
        assertThat(Content.sha256(get.body())).as("sha256 of " + path).isEqualTo(sha256);
        assertThat(get.headers().firstValue("X-Checksum-Sha256")).as("X-Checksum-Sha256 of " + path)
                .hasValue(sha256);
        int slash = path.lastIndexOf('/');
        GenericApi.Listing listing = api.list(REPO, path.substring(0, slash));
        assertThat(listing.status()).as("listing of " + path.substring(0, slash)).isEqualTo(200);
        assertThat(listing.child(path.substring(slash + 1))).as(path + " in the listing")
                .hasValueSatisfying(child -> {
                    assertThat(child.folder()).isFalse();
                    assertThat(child.size()).isEqualTo(size);
                    assertThat(child.sha256()).isEqualTo(sha256);
                });
    }

    /** GET is 404 and the folder either does not exist or does not list the file. */
    public static void assertAbsent(GenericApi api, String path) {
        assertThat(api.get(REPO, path).statusCode()).as("GET " + path).isEqualTo(404);
        int slash = path.lastIndexOf('/');
        GenericApi.Listing listing = api.list(REPO, path.substring(0, slash));
        assertThat(listing.status()).as("listing of " + path.substring(0, slash)).isIn(200, 404);
        assertThat(listing.child(path.substring(slash + 1))).as(path + " in " + listing.children()).isEmpty();
    }
}
