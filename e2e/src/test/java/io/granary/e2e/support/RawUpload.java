package io.granary.e2e.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * A PUT written by hand on a socket, so a test decides how much of the declared body is sent,
 * when, and whether the connection is closed before the end: what HttpClient cannot do.
 */
public final class RawUpload implements AutoCloseable {

    private static final int READ_TIMEOUT_MILLIS = 120_000;

    private final Socket socket;
    private final OutputStream out;
    private final long contentLength;
    private long written;

    private RawUpload(Socket socket, long contentLength) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
        this.contentLength = contentLength;
    }

    /** A final HTTP status and body. */
    public record Response(int status, String head, String body) {
    }

    /**
     * Sends the request head of a PUT declaring {@code contentLength} bytes; the body follows
     * through {@link #write}. {@code sha256} adds {@code X-Checksum-Sha256} when not null.
     */
    public static RawUpload start(URI url, String token, long contentLength, String sha256) {
        try {
            Socket socket = new Socket();
            socket.connect(new InetSocketAddress(url.getHost(), url.getPort()), 5_000);
            socket.setSoTimeout(READ_TIMEOUT_MILLIS);
            StringBuilder head = new StringBuilder()
                    .append("PUT ").append(url.getRawPath()).append(" HTTP/1.1\r\n")
                    .append("Host: ").append(url.getHost()).append(':').append(url.getPort()).append("\r\n")
                    .append("Authorization: Bearer ").append(token).append("\r\n")
                    .append("Content-Type: application/octet-stream\r\n")
                    .append("Content-Length: ").append(contentLength).append("\r\n")
                    .append("Connection: close\r\n");
            if (sha256 != null) {
                head.append("X-Checksum-Sha256: ").append(sha256).append("\r\n");
            }
            head.append("\r\n");
            RawUpload upload = new RawUpload(socket, contentLength);
            upload.out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
            upload.out.flush();
            return upload;
        } catch (IOException e) {
            throw new UncheckedIOException("PUT " + url, e);
        }
    }

    /** Writes part of the body; blocks while the server is not reading (TCP back-pressure). */
    public void write(byte[] bytes, int offset, int length) throws IOException {
        if (written + length > contentLength) {
            throw new IllegalArgumentException("more than the declared " + contentLength + " bytes");
        }
        out.write(bytes, offset, length);
        out.flush();
        written += length;
    }

    /**
     * Writes {@code bytes[from, to)} in chunks of {@code chunk} bytes. A server that stops reading
     * and answers early (401, 413, ...) makes this fail with its response in the message.
     */
    public void writeRange(byte[] bytes, int from, int to, int chunk) {
        try {
            for (int offset = from; offset < to; offset += chunk) {
                write(bytes, offset, Math.min(chunk, to - offset));
            }
        } catch (IOException e) {
            String answer;
            try {
                socket.setSoTimeout(5_000);
                answer = readResponse().toString();
            } catch (RuntimeException | IOException unreadable) {
                answer = "no response (" + unreadable + ")";
            }
            throw new UncheckedIOException("upload ended by the server after " + written + " of "
                    + contentLength + " bytes; it answered: " + answer, e);
        }
    }

    public long written() {
        return written;
    }

    /** Reads the server's final response (skipping any 100 Continue) until it closes the connection. */
    public Response readResponse() {
        try {
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            int n;
            try {
                while ((n = in.read(buffer)) >= 0 && all.size() < 1_000_000) {
                    all.write(buffer, 0, n);
                }
            } catch (SocketTimeoutException e) {
                if (all.size() == 0) {
                    throw e;
                }
            }
            String text = all.toString(StandardCharsets.ISO_8859_1);
            while (text.startsWith("HTTP/1.1 100")) {
                text = text.substring(text.indexOf("\r\n\r\n") + 4);
            }
            int end = text.indexOf("\r\n\r\n");
            String head = end < 0 ? text : text.substring(0, end);
            String body = end < 0 ? "" : text.substring(end + 4);
            String[] statusLine = head.split(" ", 3);
            if (statusLine.length < 2 || !statusLine[0].startsWith("HTTP/")) {
                throw new IllegalStateException("not an HTTP response: " + head);
            }
            return new Response(Integer.parseInt(statusLine[1]), head, body);
        } catch (IOException e) {
            throw new UncheckedIOException("reading the response", e);
        }
    }

    /** Ends the connection now, whatever was sent: a client that went away mid-upload. */
    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // already gone: that is the point
        }
    }
}
