package io.granary.registry.proxy;

import java.io.IOException;
import java.net.http.HttpHeaders;

/** A 2xx or not-found answer of an upstream; the caller reads and closes the body. */
public record UpstreamResponse(int status, HttpHeaders headers, UpstreamBody body) implements AutoCloseable {

    public boolean notFound() {
        return status == 404 || status == 410;
    }

    /** A response header, or null. */
    public String header(String name) {
        return headers.firstValue(name).orElse(null);
    }

    @Override
    public void close() throws IOException {
        body.close();
    }
}
