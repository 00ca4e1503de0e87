package io.cairn.server.cluster;

import io.cairn.core.model.ServiceKey;
import io.vertx.core.http.HttpServerRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Which service, and so which partition, a request is about: what {@link Forwarder} routes by. */
final class RequestKey {

    private static final List<String> CONSUL_SERVICE_PATHS = List.of("/v1/catalog/service/",
            "/v1/health/service/", "/v1/health/checks/");

    private RequestKey() {
    }

    /**
     * The service a request is about: {@code /v1/services/{service}/...} and
     * {@code /v1/watch/services/{service}}, and the Consul-compatible {@code /v1/catalog/service/},
     * {@code /v1/health/service/} and {@code /v1/health/checks/} reads, in the namespace of {@code ?ns} (default
     * {@code default}); null for anything else, and for malformed names (the handlers answer those).
     */
    static ServiceKey of(HttpServerRequest req) {
        String path = req.path();
        String rest;
        if (path.startsWith("/v1/services/")) {
            rest = path.substring("/v1/services/".length());
        } else if (path.startsWith("/v1/watch/services/")) {
            rest = path.substring("/v1/watch/services/".length());
        } else if (CONSUL_SERVICE_PATHS.stream().anyMatch(path::startsWith)) {
            // The Consul-compatible reads of one service (io.cairn.server.consul).
            rest = path.substring(path.indexOf('/', path.indexOf('/', "/v1/".length()) + 1) + 1);
        } else {
            return null;
        }
        int slash = rest.indexOf('/');
        String service = slash < 0 ? rest : rest.substring(0, slash);
        try {
            service = URLDecoder.decode(service, StandardCharsets.UTF_8);
            String ns = req.getParam("ns");
            return service.isEmpty() ? null : new ServiceKey(ns == null ? "default" : ns, service);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
