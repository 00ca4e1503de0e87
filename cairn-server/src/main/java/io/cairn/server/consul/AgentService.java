package io.cairn.server.consul;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/** One service instance as Consul's agent shows it ({@code GET /v1/agent/services}, {@code Service} of a health entry). */
record AgentService(
        @JsonProperty("ID") String id,
        @JsonProperty("Service") String service,
        @JsonProperty("Tags") List<String> tags,
        @JsonProperty("Meta") Map<String, String> meta,
        @JsonProperty("Port") int port,
        @JsonProperty("Address") String address,
        @JsonProperty("Weights") ConsulWeights weights,
        @JsonProperty("EnableTagOverride") boolean enableTagOverride,
        @JsonProperty("Datacenter") String datacenter,
        @JsonProperty("Namespace") String namespace,
        @JsonProperty("CreateIndex") long createIndex,
        @JsonProperty("ModifyIndex") long modifyIndex) {
}
