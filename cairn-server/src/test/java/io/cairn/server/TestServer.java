package io.cairn.server;

import io.cairn.server.config.ServerConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

/** A real node on 127.0.0.1 with ephemeral ports and its own data directory, plus an HTTP client. */
public final class TestServer implements AutoCloseable {

    private final ServerConfig config;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private CairnServer server;

    public TestServer(Path dataDir, int partitions) {
        this.config = ServerConfig.defaults().withDataDir(dataDir).withPorts(0, 0).withPartitions(partitions);
    }

    public TestServer(ServerConfig config) {
        this.config = config;
    }

    public TestServer start() throws IOException {
        server = new CairnServer(config).start(Duration.ofSeconds(30));
        return this;
    }

    public CairnServer server() {
        return server;
    }

    public URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + server.httpPort() + pathAndQuery);
    }

    public HttpResponse<String> send(String method, String pathAndQuery, String body, String contentType) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(pathAndQuery)).timeout(Duration.ofSeconds(20));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public HttpResponse<String> get(String pathAndQuery) {
        return send("GET", pathAndQuery, null, null);
    }

    public HttpResponse<String> put(String pathAndQuery, String json) {
        return send("PUT", pathAndQuery, json, "application/json");
    }

    public HttpResponse<String> delete(String pathAndQuery) {
        return send("DELETE", pathAndQuery, null, null);
    }

    @Override
    public void close() throws IOException {
        if (server != null) {
            server.close();
            server = null;
        }
    }
}
