package io.cairn.server.consul;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** One check as Consul shows it ({@code GET /v1/agent/checks}, {@code /v1/health/checks}, a health entry's {@code Checks}). */
record HealthCheck(
        @JsonProperty("Node") String node,
        @JsonProperty("CheckID") String checkId,
        @JsonProperty("Name") String name,
        @JsonProperty("Status") String status,
        @JsonProperty("Notes") String notes,
        @JsonProperty("Output") String output,
        @JsonProperty("ServiceID") String serviceId,
        @JsonProperty("ServiceName") String serviceName,
        @JsonProperty("ServiceTags") List<String> serviceTags,
        @JsonProperty("Type") String type,
        @JsonProperty("Namespace") String namespace,
        @JsonProperty("CreateIndex") long createIndex,
        @JsonProperty("ModifyIndex") long modifyIndex) {
}
