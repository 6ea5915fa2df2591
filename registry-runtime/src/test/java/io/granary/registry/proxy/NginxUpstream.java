package io.granary.registry.proxy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A real nginx on 127.0.0.1 serving a directory: the upstream of proxy tests for path-based formats.
 * Every request is written to an access log, so tests count what actually reached the upstream;
 * {@link #rateLimit(boolean)} makes it answer 429 to everything, {@link #stop()} takes it down;
 * files under {@code /slow/} trickle out at 64 KiB/s.
 */
public final class NginxUpstream implements AutoCloseable {

    static final String USER = "proxy-user";
    static final String PASSWORD = "upstream-s3cret-password";

    private final Path base;
    private final Path root;
    private final int port;
    private Process process;

    public NginxUpstream() {
        try {
            base = Files.createTempDirectory("granary-proxy-nginx");
            root = Files.createDirectories(base.resolve("root"));
            Files.createDirectories(base.resolve("logs"));
            try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                port = socket.getLocalPort();
            }
            String user = "root".equals(System.getProperty("user.name")) ? "user root;\n" : "";
            Files.writeString(base.resolve("nginx.conf"), user + """
                    worker_processes 1;
                    error_log %1$s/logs/error.log;
                    pid %1$s/nginx.pid;
                    events { worker_connections 512; }
                    http {
                        log_format upstream '$request_uri $status';
                        access_log %1$s/logs/access.log upstream;
                        client_body_temp_path %1$s/tmp;
                        proxy_temp_path %1$s/tmp;
                        fastcgi_temp_path %1$s/tmp;
                        uwsgi_temp_path %1$s/tmp;
                        scgi_temp_path %1$s/tmp;
                        types { application/java-archive jar; text/xml xml; application/json json; }
                        default_type application/octet-stream;
                        server {
                            listen 127.0.0.1:%2$d;
                            root %1$s/root;
                            location / {
                                if (-f %1$s/ratelimit) { return 429; }
                            }
                            # Announces a SHA-256 no file has: what a corrupted upstream looks like.
                            location /corrupt/ {
                                add_header X-Checksum-Sha256 "%3$s";
                            }
                            # Sends at most 64 KiB/s (after the first 64 KiB): a transfer that stays open long enough
                            # to watch clients receive its first bytes before it ends.
                            location /slow/ {
                                limit_rate_after 64k;
                                limit_rate 64k;
                            }
                            # Both: a corrupt body that is still being sent while clients read its first bytes.
                            location /corrupt/slow/ {
                                add_header X-Checksum-Sha256 "%3$s";
                                limit_rate_after 64k;
                                limit_rate 64k;
                            }
                            # A filter that may change the body drops Content-Length: the body goes out chunked, as
                            # from an upstream that generates its answers. The pattern never occurs in test content.
                            location /chunked/ {
                                sub_filter_types *;
                                sub_filter_once off;
                                sub_filter "granary-never-in-a-body" "x";
                            }
                            location /chunked/corrupt/ {
                                sub_filter_types *;
                                sub_filter "granary-never-in-a-body" "x";
                                add_header X-Checksum-Sha256 "%3$s";
                            }
                            # Needs the credentials of USER/PASSWORD.
                            location /private/ {
                                auth_basic "upstream";
                                auth_basic_user_file %1$s/htpasswd;
                            }
                        }
                    }
                    """.formatted(base, port, "0".repeat(64)));
            Files.writeString(base.resolve("htpasswd"), USER + ":{PLAIN}" + PASSWORD + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts (or restarts) nginx and waits until it accepts connections. */
    public NginxUpstream start() {
        try {
            Files.deleteIfExists(base.resolve("nginx.pid"));
            process = new ProcessBuilder("nginx", "-p", base.toString(), "-c", base.resolve("nginx.conf").toString(),
                    "-g", "daemon off;").redirectErrorStream(true).redirectOutput(base.resolve("logs/stdout.log").toFile())
                    .start();
            UpstreamProcess.awaitPort(process, port, base.resolve("logs/stdout.log"), Duration.ofSeconds(10));
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Stops nginx; connections to its port are refused afterwards. */
    public void stop() {
        UpstreamProcess.stop(process);
        process = null;
    }

    public String url() {
        return "http://127.0.0.1:" + port + "/";
    }

    /** Writes a file the upstream serves at {@code path}. */
    public void put(String path, byte[] content) {
        try {
            Path file = root.resolve(path);
            Files.createDirectories(file.getParent());
            Files.write(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void put(String path, String content) {
        put(path, content.getBytes(StandardCharsets.UTF_8));
    }

    /** Answer 429 to every request while on. */
    void rateLimit(boolean on) {
        try {
            if (on) {
                Files.writeString(base.resolve("ratelimit"), "on");
            } else {
                Files.deleteIfExists(base.resolve("ratelimit"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** How many requests for {@code uri} (path and query as sent) reached nginx. nginx logs when a request ends. */
    public long requests(String uri) {
        try {
            Path log = base.resolve("logs/access.log");
            if (!Files.exists(log)) {
                return 0;
            }
            List<String> lines = Files.readAllLines(log);
            return lines.stream().filter(line -> line.startsWith(uri + " ")).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        stop();
    }
}
