package io.granary.registry.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * Sends a request line exactly as written (no client-side normalisation or encoding), which is the
 * only way to test how the server treats hostile paths.
 */
public final class RawHttp {

    /** Status code and body of a raw exchange. */
    public record Reply(int status, String text) {
    }

    private RawHttp() {
    }

    public static Reply send(int port, String method, String rawPath, String token, byte[] body) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            StringBuilder head = new StringBuilder()
                    .append(method).append(' ').append(rawPath).append(" HTTP/1.1\r\n")
                    .append("Host: 127.0.0.1:").append(port).append("\r\n")
                    .append("Connection: close\r\n");
            if (token != null) {
                head.append("Authorization: Bearer ").append(token).append("\r\n");
            }
            if (body != null) {
                head.append("Content-Length: ").append(body.length).append("\r\n");
            }
            head.append("\r\n");
            OutputStream out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            if (body != null) {
                out.write(body);
            }
            out.flush();
            InputStream in = socket.getInputStream();
            String reply = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            if (reply.isEmpty()) {
                return new Reply(-1, "");
            }
            int status = Integer.parseInt(reply.substring(9, 12));
            return new Reply(status, reply);
        }
    }
}
