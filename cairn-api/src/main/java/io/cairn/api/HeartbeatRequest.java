package io.cairn.api;

import java.util.List;

/** The body of {@code PUT /v1/heartbeat}: the ephemeral instances to renew, at most 10,000. */
public record HeartbeatRequest(List<InstanceRef> instances) {
}
