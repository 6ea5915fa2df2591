package io.granary.registry.http;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the HTTP layer's own behaviour (the server's sockets are Quarkus's {@code quarkus.http.*}). */
@ConfigMapping(prefix = "granary.http")
public interface HttpConfig {

    /**
     * How a blob stored in a local file is written to a response ({@code granary.http.blob-send}):
     * {@code auto} (the default), {@code sendfile} or {@code copy}. Content of other stores (S3) is
     * always copied.
     */
    @WithDefault("auto")
    BlobSend blobSend();

    /**
     * The ways of sending a local file.
     *
     * <p>Zero-copy {@code sendfile} spares the server the copy into user space, but the bytes still
     * have to be copied once more on the way to the receiver: by the NIC's DMA when the client is
     * on another machine (free for the CPUs), by the receiving process itself when it is on this
     * machine. On loopback that receiver copies out of page-cache pages it has never touched,
     * which cost it more than the server saves: with nginx on 2 cores, per GiB, sendfile cost the
     * server 0.14 s and curl 0.86 s of CPU, a copying send 0.42 s and 0.48 s, less in total and
     * balanced across the cores, hence faster (skopeo likewise needed 5.1 s of CPU per pull of
     * 768 MiB against sendfile and 4.4 s against copying writes). Clients that arrive on loopback
     * are the ones sharing the machine: benchmarks, a sidecar or ingress proxy in the same pod.
     */
    enum BlobSend {
        /** Copy to loopback clients (127.0.0.0/8, ::1), sendfile to everyone else. */
        AUTO,
        /** Always zero-copy {@code sendfile}. */
        SENDFILE,
        /** Always read the file into pooled direct buffers and write those. */
        COPY
    }
}
