package io.cairn.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cairn.api.time.Scheduler;
import io.cairn.api.time.Ticker;
import io.cairn.server.config.ServerConfig;
import io.cairn.testkit.ManualTicker;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A real node on 127.0.0.1 with ephemeral ports and its own data directory, plus the HTTP calls
 * tests make against it. {@link #close()} stops the node but leaves the data directory, so a test
 * can start another node on it.
 */
public final class TestServer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(20);

    private final ServerConfig config;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final Ticker ticker;
    /** The health sweeps' timers, or null for the node's own thread. */
    private final Scheduler scheduler;
    private CairnServer server;

    public TestServer(Path dataDir, int partitions) {
        this(config(dataDir, partitions));
    }

    public TestServer(ServerConfig config) {
        this.config = config;
        this.ticker = Ticker.SYSTEM;
        this.scheduler = null;
    }

    /**
     * A node whose TTLs are measured and health sweeps timed by {@code clock} (expiry tests): a
     * lease expires when the test advances the clock past it, in a sweep on the advancing thread.
     */
    public TestServer(ServerConfig config, ManualTicker clock) {
        this.config = config;
        this.ticker = clock;
        this.scheduler = clock;
    }

    /** The configuration tests start from: defaults, the given directory and partitions, ephemeral ports. */
    public static ServerConfig config(Path dataDir, Integer partitions) {
        return ServerConfig.defaults().withDataDir(dataDir).withPorts(0, 0).withPartitions(partitions);
    }

    public TestServer start() throws IOException {
        server = new CairnServer(config, ticker, scheduler).start(Duration.ofSeconds(30));
        return this;
    }

    public CairnServer server() {
        return server;
    }

    public ServerConfig config() {
        return config;
    }

    public URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + server.httpPort() + pathAndQuery);
    }

    /** Sends a request with the JDK client; a null body sends none, a null type no Content-Type. */
    public HttpAnswer send(String method, String pathAndQuery, String body, String contentType) {
        return send(method, pathAndQuery, body, contentType, null);
    }

    /** {@link #send(String, String, String, String)} with {@code Authorization: Bearer token} unless it is null. */
    public HttpAnswer send(String method, String pathAndQuery, String body, String contentType, String token) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(pathAndQuery)).timeout(REQUEST_TIMEOUT);
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new HttpAnswer(r.statusCode(), r.headers().map(), r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + pathAndQuery, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public HttpAnswer get(String pathAndQuery) {
        return send("GET", pathAndQuery, null, null);
    }

    public HttpAnswer put(String pathAndQuery, String json) {
        return send("PUT", pathAndQuery, json, "application/json");
    }

    public HttpAnswer post(String pathAndQuery, String json) {
        return send("POST", pathAndQuery, json, "application/json");
    }

    public HttpAnswer delete(String pathAndQuery) {
        return send("DELETE", pathAndQuery, null, null);
    }

    /**
     * Registers an instance and fails the test unless the server acknowledged it.
     *
     * @return the answer (its body is the write result)
     */
    public HttpAnswer register(String service, String id, Object body) {
        HttpAnswer a = put("/v1/services/" + service + "/instances/" + id, json(body));
        if (a.status() != 200) {
            throw new AssertionError("registration of " + service + "/" + id + " failed: " + a);
        }
        return a;
    }

    /**
     * Sends bytes exactly as given over a fresh socket, for requests the JDK client will not
     * build (bad %-escapes, raw non-ASCII in the target). The request line is
     * {@code method + " " + target + " HTTP/1.1"}; the connection is closed after the answer.
     */
    public HttpAnswer raw(String method, String target, String body, String contentType) {
        byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder()
                .append(method).append(' ').append(target).append(" HTTP/1.1\r\n")
                .append("Host: 127.0.0.1\r\nConnection: close\r\n");
        if (contentType != null) {
            head.append("Content-Type: ").append(contentType).append("\r\n");
        }
        if (body != null) {
            head.append("Content-Length: ").append(content.length).append("\r\n");
        }
        head.append("\r\n");
        try (Socket socket = new Socket("127.0.0.1", server.httpPort())) {
            socket.setSoTimeout((int) REQUEST_TIMEOUT.toMillis());
            OutputStream out = socket.getOutputStream();
            // The target may hold raw UTF-8 on purpose: write the head as UTF-8, not ASCII.
            out.write(head.toString().getBytes(StandardCharsets.UTF_8));
            out.write(content);
            out.flush();
            return parse(socket.getInputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + target, e);
        }
    }

    /**
     * Sends {@code request} byte for byte (request line, headers and body as the test wrote them,
     * e.g. a malformed chunked body) over a fresh socket and reads the answer until the server
     * closes the connection; the test should send {@code Connection: close}.
     */
    public HttpAnswer rawRequest(String request) {
        try (Socket socket = new Socket("127.0.0.1", server.httpPort())) {
            socket.setSoTimeout((int) REQUEST_TIMEOUT.toMillis());
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            return parse(socket.getInputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(request.lines().findFirst().orElse(""), e);
        }
    }

    private static HttpAnswer parse(InputStream in) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        in.transferTo(all);
        String text = all.toString(StandardCharsets.UTF_8);
        int end = text.indexOf("\r\n\r\n");
        if (end < 0) {
            throw new IOException("no complete answer: " + text);
        }
        String[] lines = text.substring(0, end).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.computeIfAbsent(lines[i].substring(0, colon).trim(), k -> new ArrayList<>())
                    .add(lines[i].substring(colon + 1).trim());
        }
        return new HttpAnswer(status, headers, text.substring(end + 4));
    }

    /** Serializes a test's map or list to JSON text. */
    public static String json(Object value) {
        if (value instanceof String s) {
            return s;
        }
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Override
    public void close() throws IOException {
        if (server != null) {
            server.close();
            server = null;
        }
    }
}
