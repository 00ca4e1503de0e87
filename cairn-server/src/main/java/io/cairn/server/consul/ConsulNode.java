package io.cairn.server.consul;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * A Consul node. Cairn has no agents: a node is an instance address (docs/consul.md), so its
 * name and address are that address and it exists while an instance has it.
 */
record ConsulNode(
        @JsonProperty("ID") String id,
        @JsonProperty("Node") String node,
        @JsonProperty("Address") String address,
        @JsonProperty("Datacenter") String datacenter,
        @JsonProperty("TaggedAddresses") Map<String, String> taggedAddresses,
        @JsonProperty("Meta") Map<String, String> meta,
        @JsonProperty("CreateIndex") long createIndex,
        @JsonProperty("ModifyIndex") long modifyIndex) {
}
