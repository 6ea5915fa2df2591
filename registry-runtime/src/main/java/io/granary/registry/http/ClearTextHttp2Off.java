package io.granary.registry.http;

import io.quarkus.vertx.http.HttpServerOptionsCustomizer;
import io.vertx.core.http.HttpServerOptions;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Declines HTTP/2 upgrades on plain-text connections ({@code Upgrade: h2c}): such a request is
 * answered in HTTP/1.1, as the Upgrade header allows. HTTP/2 over TLS (ALPN) is unaffected.
 *
 * <p>Why: no package client we serve asks for h2c (docker, skopeo, oras, helm, npm, pip and Maven 3's
 * default transport all speak HTTP/1.1 in the clear), but the JDK's {@code HttpClient} asks by
 * default, and under load its upgraded connections broke: with 100 concurrent downloads of one
 * 8 MiB proxied file on 2 busy cores, about one round in ten ended in "protocol error: Frame type(…)
 * length(…) exceeds MAX_FRAME_SIZE", always 18 bytes before the end of the third 16 KiB DATA frame
 * of a body. The same load over HTTP/1.1 failed in none of 38 rounds. It is not Granary's code: a
 * bare Vert.x server writing 8 MiB from memory broke the same way for the JDK 17 client (with the
 * native transport and with NIO alike, in about half of the rounds), while Vert.x's own client,
 * upgrading to h2c against that server under the same load, never did (40 rounds). A client that
 * sees a broken stream fails a build; declining the upgrade costs it only multiplexing it does not
 * need for a handful of artifact requests.
 */
@ApplicationScoped
public class ClearTextHttp2Off implements HttpServerOptionsCustomizer {

    @Override
    public void customizeHttpServer(HttpServerOptions options) {
        options.setHttp2ClearTextEnabled(false);
    }
}
