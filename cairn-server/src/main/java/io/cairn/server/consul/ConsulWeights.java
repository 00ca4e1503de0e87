package io.cairn.server.consul;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Consul's {@code Weights}: Cairn has one weight, used for both (docs/consul.md). */
record ConsulWeights(@JsonProperty("Passing") int passing, @JsonProperty("Warning") int warning) {
}
