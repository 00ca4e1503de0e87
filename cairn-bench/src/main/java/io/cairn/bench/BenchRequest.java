package io.cairn.bench;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import java.util.Objects;

/**
 * One HTTP request of a workload.
 *
 * @param method the HTTP method
 * @param uri path and query, e.g. {@code /v1/services/web}
 * @param jsonBody the JSON body, or null for none
 */
public record BenchRequest(HttpMethod method, String uri, Buffer jsonBody) {

    public BenchRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(uri, "uri");
    }
}
