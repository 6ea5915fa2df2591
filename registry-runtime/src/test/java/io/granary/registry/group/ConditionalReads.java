package io.granary.registry.group;

import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.response.Response;
import java.util.function.Function;

/** Checks that a merged document of a group revalidates: 304 for its ETag, a new ETag once a member changes. */
public final class ConditionalReads {

    private ConditionalReads() {
    }

    /**
     * {@code get} reads the document, sending the If-None-Match given (null: none); {@code change}
     * alters one member's part of it.
     */
    public static void assertRevalidates(Function<String, Response> get, Runnable change) {
        Response first = get.apply(null);
        assertThat(first.statusCode()).isEqualTo(200);
        String etag = first.header("ETag");
        assertThat(etag).isNotBlank();

        Response unchanged = get.apply(etag);
        assertThat(unchanged.statusCode()).isEqualTo(304);
        assertThat(unchanged.header("ETag")).isEqualTo(etag);
        assertThat(unchanged.asByteArray()).isEmpty();
        assertThat(get.apply("\"not-" + etag.replace("\"", "") + "\"").statusCode()).isEqualTo(200);

        change.run();
        Response changed = get.apply(etag);
        assertThat(changed.statusCode()).isEqualTo(200);
        assertThat(changed.header("ETag")).isNotEqualTo(etag);
        assertThat(changed.asByteArray()).isNotEqualTo(first.asByteArray());
        assertThat(get.apply(changed.header("ETag")).statusCode()).isEqualTo(304);
    }
}
