package io.cairn.client;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.cairn.api.ApiError;
import io.cairn.api.InstanceRequest;
import io.cairn.api.InstanceView;
import io.cairn.api.NodeStatus;
import io.cairn.api.ServiceInstances;
import io.cairn.api.ServiceList;
import io.cairn.api.WatchEvent;
import io.cairn.api.WatchState;
import io.cairn.api.WriteResult;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Blocking calls to one registry address. Thread safe; create one per application and
 * {@link #close()} it at the end.
 */
public final class CairnClient implements AutoCloseable {

    public static final String DEFAULT_ADDRESS = "http://127.0.0.1:7470";

    private final URI base;
    private final Duration timeout;
    private final HttpClient http;
    private final ObjectMapper json = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    /**
     * @param address the registry's base URL, e.g. {@code http://127.0.0.1:7470}
     * @param timeout the limit for each call
     */
    public CairnClient(String address, Duration timeout) {
        this.base = URI.create(address.endsWith("/") ? address.substring(0, address.length() - 1) : address);
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout).build();
    }

    public WriteResult register(String namespace, String service, String id, InstanceRequest instance) {
        return call("PUT", "/v1/services/" + enc(service) + "/instances/" + enc(id) + ns(namespace, '?'),
                instance, WriteResult.class);
    }

    public WriteResult registerWithGeneratedId(String namespace, String service, InstanceRequest instance) {
        return call("POST", "/v1/services/" + enc(service) + "/instances" + ns(namespace, '?'), instance,
                WriteResult.class);
    }

    public WriteResult deregister(String namespace, String service, String id) {
        return call("DELETE", "/v1/services/" + enc(service) + "/instances/" + enc(id) + ns(namespace, '?'),
                null, WriteResult.class);
    }

    public InstanceView instance(String namespace, String service, String id) {
        return call("GET", "/v1/services/" + enc(service) + "/instances/" + enc(id) + ns(namespace, '?'), null,
                InstanceView.class);
    }

    /**
     * A service's instances having every given tag and metadata pair.
     *
     * @param meta filters as {@code key -> value}
     */
    public ServiceInstances instances(String namespace, String service, List<String> tags, Map<String, String> meta) {
        List<String> query = new ArrayList<>();
        if (namespace != null) {
            query.add("ns=" + enc(namespace));
        }
        for (String t : tags) {
            query.add("tag=" + enc(t));
        }
        for (Map.Entry<String, String> e : meta.entrySet()) {
            query.add("meta=" + enc(e.getKey() + ":" + e.getValue()));
        }
        String q = query.isEmpty() ? "" : "?" + String.join("&", query);
        return call("GET", "/v1/services/" + enc(service) + q, null, ServiceInstances.class);
    }

    public ServiceList services(String namespace) {
        return call("GET", "/v1/services" + ns(namespace, '?'), null, ServiceList.class);
    }

    /**
     * Follows one service's changes until the stream ends or the thread is interrupted: blocks,
     * calling {@code listener} on this thread for each event. Returns normally when the server
     * ended the stream (e.g. it shut down); the caller reconnects by passing the last
     * revision it saw as {@code since}.
     *
     * @param since the revision the caller already has (it gets only later changes, or a reset
     *     state), or a negative number for the whole state first
     * @throws RegistryUnreachableException if the stream cannot be opened
     * @throws CairnClientException if the registry refuses it
     */
    public void watch(String namespace, String service, long since, WatchListener listener) {
        String path = "/v1/watch/services/" + enc(service) + ns(namespace, '?');
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path));
        if (since >= 0) {
            request.header("Last-Event-ID", Long.toString(since));
        }
        HttpResponse<java.util.stream.Stream<String>> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofLines());
        } catch (IOException e) {
            throw new RegistryUnreachableException("cannot reach the registry at " + base + ": " + describe(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (response.statusCode() >= 400) {
            String body = response.body().collect(java.util.stream.Collectors.joining("\n"));
            ApiError error;
            try {
                error = json.readValue(body, ApiError.class);
            } catch (IOException e) {
                error = new ApiError("http_" + response.statusCode(), body, null);
            }
            throw new CairnClientException(response.statusCode(), error);
        }
        try (java.util.stream.Stream<String> lines = response.body()) {
            java.util.Iterator<String> it = lines.iterator();
            String event = null;
            StringBuilder data = new StringBuilder();
            while (!Thread.currentThread().isInterrupted() && it.hasNext()) {
                String line = it.next();
                if (line.isEmpty()) {
                    dispatch(event, data.toString(), listener);
                    event = null;
                    data.setLength(0);
                } else if (line.startsWith("event:")) {
                    event = line.substring(6).trim();
                } else if (line.startsWith("data:")) {
                    data.append(data.length() == 0 ? "" : "\n").append(line.substring(5).trim());
                }
                // "id:" lines repeat the revision carried in the data; ":" lines are heartbeats.
            }
        } catch (java.io.UncheckedIOException e) {
            // The connection dropped: the stream is over, as when the server ends it.
        }
    }

    private void dispatch(String event, String data, WatchListener listener) {
        if (event == null || data.isEmpty()) {
            return;
        }
        try {
            switch (event) {
                case "state" -> listener.onState(json.readValue(data, WatchState.class));
                case "registered", "updated", "deregistered" -> listener.onChange(json.readValue(data, WatchEvent.class));
                default -> {
                    // other events (e.g. "synced") are not part of a one-service stream's contract
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("the registry sent an event that is not valid JSON: " + data, e);
        }
    }

    public NodeStatus status() {
        return call("GET", "/v1/status", null, NodeStatus.class);
    }

    private <T> T call(String method, String path, Object body, Class<T> type) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(timeout);
        try {
            if (body != null) {
                request.header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body)));
            } else {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            }
            HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() >= 400) {
                ApiError error;
                try {
                    error = json.readValue(response.body(), ApiError.class);
                } catch (IOException e) {
                    error = new ApiError("http_" + response.statusCode(), new String(response.body(),
                            StandardCharsets.UTF_8), null);
                }
                throw new CairnClientException(response.statusCode(), error);
            }
            return json.readValue(response.body(), type);
        } catch (IOException e) {
            throw new RegistryUnreachableException("cannot reach the registry at " + base + ": "
                    + describe(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryUnreachableException("interrupted while calling " + base, e);
        }
    }

    private static String describe(IOException e) {
        if (e instanceof java.net.ConnectException) {
            return "connection refused";
        }
        if (e instanceof java.net.http.HttpTimeoutException) {
            return "no answer within the timeout";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static String ns(String namespace, char sep) {
        return namespace == null ? "" : sep + "ns=" + enc(namespace);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    public URI address() {
        return base;
    }

    @Override
    public void close() {
        // java.net.http.HttpClient has no close() before Java 21; its threads end with it.
    }
}
