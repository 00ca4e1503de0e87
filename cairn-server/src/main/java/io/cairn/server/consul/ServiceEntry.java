package io.cairn.server.consul;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** One entry of {@code GET /v1/health/service/:service}: node, service instance and its checks. */
record ServiceEntry(
        @JsonProperty("Node") ConsulNode node,
        @JsonProperty("Service") AgentService service,
        @JsonProperty("Checks") List<HealthCheck> checks) {
}
