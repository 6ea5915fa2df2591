package io.granary.registry.lifecycle.replication;

import java.io.IOException;
import java.io.FilterOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Moves one file's bytes from a GET on the source straight into a PUT or POST on the target, through a fixed
 * buffer: nothing is spooled to disk or held whole. Blocking {@link HttpURLConnection}s on both sides, because
 * the java.net.http client hands every 16 KiB chunk between its selector and the caller's threads, which cost
 * more than half the throughput of a plain GET|PUT copy; a blocking socket copy is what curl does. Both
 * connections go back to the JDK's keep-alive cache when the bodies are read to the end.
 */
final class Transfer {

    /** Copy buffer: large enough that the read and write calls cost nothing next to the bytes. */
    private static final int BUFFER = 256 * 1024;

    /** The target's answer to one copy, and how many file bytes went over. */
    record Answer(int status, String body, long bytes, String what) {

        /** Throws unless the target answered one of {@code accepted}. */
        Answer expect(int... accepted) throws Remote.UnexpectedAnswer {
            for (int ok : accepted) {
                if (status == ok) {
                    return this;
                }
            }
            throw new Remote.UnexpectedAnswer(what + " answered " + status
                    + (body.isBlank() ? "" : ": " + body.substring(0, Math.min(200, body.length()))));
        }
    }

    /**
     * Bytes written around the streamed file, e.g. the parts of a multipart form; empty for a bare body. With
     * {@code base64} the file goes base64-encoded, as inside a JSON string (npm's publish document).
     */
    record Envelope(byte[] before, byte[] after, boolean base64) {
        static final Envelope NONE = new Envelope(new byte[0], new byte[0], false);

        Envelope(byte[] before, byte[] after) {
            this(before, after, false);
        }

        /** What the file's {@code length} bytes take on the wire. */
        long encoded(long length) {
            return base64 ? (length + 2) / 3 * 4 : length;
        }
    }

    private final Throttle throttle;
    private final AtomicLong bytes = new AtomicLong();

    Transfer(Throttle throttle) {
        this.throttle = throttle;
    }

    /** File bytes moved by this transfer so far, over all copies. */
    long bytes() {
        return bytes.get();
    }

    /** Streams {@code sourcePath} into {@code method targetPath} with the given headers (Content-Type defaults to the source's). */
    Answer copy(Remote source, String sourcePath, Remote target, String method, String targetPath, Map<String, String> headers)
            throws IOException {
        return copy(source, sourcePath, target, method, targetPath, headers, Envelope.NONE);
    }

    /** The same with {@code envelope} written before and after the file's bytes. */
    Answer copy(Remote source, String sourcePath, Remote target, String method, String targetPath, Map<String, String> headers,
                Envelope envelope) throws IOException {
        HttpURLConnection get = source.connect(sourcePath, "GET");
        try {
            int status = get.getResponseCode();
            if (status != 200) {
                throw new Remote.UnexpectedAnswer("GET " + source.uri(sourcePath).getHost() + sourcePath + " answered " + status);
            }
            long length = get.getContentLengthLong();
            HttpURLConnection put = target.connect(targetPath, method);
            headers.forEach(put::setRequestProperty);
            if (headers.keySet().stream().noneMatch("Content-Type"::equalsIgnoreCase)) {
                put.setRequestProperty("Content-Type", get.getContentType() == null ? "application/octet-stream" : get.getContentType());
            }
            put.setDoOutput(true);
            if (length >= 0) {
                put.setFixedLengthStreamingMode(envelope.before().length + envelope.encoded(length) + envelope.after().length);
            } else {
                put.setChunkedStreamingMode(BUFFER);
            }
            long copied;
            try (InputStream in = throttle.wrap(get.getInputStream()); OutputStream out = put.getOutputStream()) {
                out.write(envelope.before());
                copied = envelope.base64() ? pumpBase64(in, out) : pump(in, out);
                out.write(envelope.after());
            }
            bytes.addAndGet(copied);
            return new Answer(put.getResponseCode(), body(put), copied,
                    method + " " + targetPath + " at " + target.uri(targetPath).getHost() + ":" + target.uri(targetPath).getPort());
        } finally {
            get.disconnect();
        }
    }

    private static long pump(InputStream in, OutputStream out) throws IOException {
        byte[] buffer = new byte[BUFFER];
        long total = 0;
        for (int n; (n = in.read(buffer)) >= 0; ) {
            out.write(buffer, 0, n);
            total += n;
        }
        return total;
    }

    /** {@link #pump} through a base64 encoder, which is closed for its last bytes while {@code out} stays open. */
    private static long pumpBase64(InputStream in, OutputStream out) throws IOException {
        OutputStream open = new FilterOutputStream(out) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                flush();
            }
        };
        try (OutputStream encoder = Base64.getEncoder().wrap(open)) {
            return pump(in, encoder);
        }
    }

    /** The answer's body (error bodies included), read to the end so the connection can be reused; at most 64 KiB kept. */
    private static String body(HttpURLConnection c) throws IOException {
        InputStream in = c.getResponseCode() >= 400 ? c.getErrorStream() : c.getInputStream();
        if (in == null) {
            return "";
        }
        try (in) {
            byte[] kept = in.readNBytes(64 * 1024);
            in.transferTo(OutputStream.nullOutputStream());
            return new String(kept, StandardCharsets.UTF_8);
        }
    }
}
