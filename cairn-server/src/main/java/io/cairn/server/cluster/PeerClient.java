package io.cairn.server.cluster;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.cairn.server.tls.NodeTls;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.PoolOptions;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * HTTP between nodes: JSON calls to another node's API, and raw requests for forwarding. One
 * pooled keep-alive client per node; every call has a timeout, and fails its future with
 * {@link PeerException} for an answer that is not 2xx, or with the I/O error.
 */
public final class PeerClient implements AutoCloseable {

    /** Marks a request a node forwarded, so the receiver serves it or refuses, never forwards again. */
    public static final String FORWARDED_HEADER = "X-Cairn-Forwarded-By";

    private final HttpClient client;
    private final HttpClient held;
    private final ObjectMapper mapper = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    /** {@code Bearer SECRET} of this node's own token, or null with ACLs off. */
    private final String authorization;

    /**
     * @param tls the node's TLS: when on, every call goes over TLS with the node's certificate,
     *     and the other node's certificate must be signed by the cluster's CA and name the address
     * @param nodeSecret the secret of the token this node presents on its own requests to other
     *     members (joins, reports, refreshes, relayed parts), or null with ACLs off. A request
     *     forwarded for a client carries the client's token instead (see {@link #withNodeToken}).
     */
    public PeerClient(Vertx vertx, NodeTls tls, String nodeSecret) {
        this.authorization = nodeSecret == null ? null : "Bearer " + nodeSecret;
        this.client = vertx.createHttpClient(tls.secure(new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true)
                .setConnectTimeout(2_000).setIdleTimeout(60)), new PoolOptions().setHttp1MaxSize(32));
        // No idle timeout on the connections: a held request sets its own (a blocking read may
        // go minutes without a byte, a relayed stream gets keep-alives).
        // Over TLS, HTTP/2 is chosen by ALPN; in clear text, by prior knowledge.
        this.held = vertx.createHttpClient(tls.secure(new HttpClientOptions().setProtocolVersion(HttpVersion.HTTP_2)
                .setHttp2ClearTextUpgrade(false).setTcpNoDelay(true).setConnectTimeout(2_000).setIdleTimeout(0)),
                new PoolOptions().setHttp2MaxSize(HELD_CONNECTIONS));
    }

    /**
     * At most this many HTTP/2 connections per node for held requests; nodes set no limit of
     * streams per connection, so one usually carries them all.
     */
    static final int HELD_CONNECTIONS = 16;

    /** The pooled Vert.x client, for streaming a forwarded request's answer. */
    HttpClient http() {
        return client;
    }

    /**
     * The client for requests a node holds open for long (relayed event streams, blocking reads
     * of a listing's parts): HTTP/2 with prior knowledge, so that many share a few connections
     * and never take the pooled HTTP/1.1 connections that forwarded writes need.
     */
    HttpClient held() {
        return held;
    }

    public ObjectMapper mapper() {
        return mapper;
    }

    /** {@code GET http://address/path}, the answer decoded as {@code type}. */
    public <T> CompletableFuture<T> get(String address, String path, Class<T> type, Duration timeout) {
        return call(HttpMethod.GET, address, path, null, type, timeout);
    }

    /** {@code POST http://address/path} with a JSON body, the answer decoded as {@code type}. */
    public <T> CompletableFuture<T> post(String address, String path, Object body, Class<T> type, Duration timeout) {
        return call(HttpMethod.POST, address, path, body, type, timeout);
    }

    private <T> CompletableFuture<T> call(HttpMethod method, String address, String path, Object body, Class<T> type,
            Duration timeout) {
        Buffer payload;
        try {
            payload = body == null ? Buffer.buffer() : Buffer.buffer(mapper.writeValueAsBytes(body));
        } catch (IOException e) {
            return CompletableFuture.failedFuture(e);
        }
        MultiMap headers = MultiMap.caseInsensitiveMultiMap().add("Content-Type", "application/json");
        return send(method, address, path, headers, payload, timeout).thenApply(answer -> {
            if (answer.status() / 100 != 2) {
                throw new PeerException(address, answer.status(), answer.body().toString());
            }
            try {
                return mapper.readValue(answer.body().getBytes(), type);
            } catch (IOException e) {
                throw new PeerException(address, answer.status(), "unreadable answer: " + e.getMessage());
            }
        });
    }

    /** An answer read whole. */
    public record Answer(int status, MultiMap headers, Buffer body) {
    }

    /**
     * Adds this node's token to a request the node makes on its own behalf, unless the request
     * already carries one (a client's, forwarded). Returns the same map.
     */
    public MultiMap withNodeToken(MultiMap headers) {
        if (authorization != null && !headers.contains("Authorization")) {
            headers.set("Authorization", authorization);
        }
        return headers;
    }

    /**
     * Sends a request and reads the whole answer, whatever its status; a request without a
     * token of its own carries this node's.
     */
    public CompletableFuture<Answer> send(HttpMethod method, String address, String uri, MultiMap headers, Buffer body,
            Duration timeout) {
        withNodeToken(headers);
        int colon = address.lastIndexOf(':');
        RequestOptions options = new RequestOptions().setMethod(method).setHost(address.substring(0, colon))
                .setPort(Integer.parseInt(address.substring(colon + 1))).setURI(uri).setHeaders(headers)
                .setIdleTimeout(timeout.toMillis());
        Future<Answer> answer = client.request(options)
                .compose(request -> request.send(body))
                .compose((HttpClientResponse response) -> response.body()
                        .map(bytes -> new Answer(response.statusCode(), response.headers(), bytes)));
        return answer.toCompletionStage().toCompletableFuture();
    }

    @Override
    public void close() {
        client.close();
        held.close();
    }
}
