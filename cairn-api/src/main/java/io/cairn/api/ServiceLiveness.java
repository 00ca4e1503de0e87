package io.cairn.api;

import java.util.List;

/**
 * {@code GET /v1/services/{service}/liveness}: heartbeat ages and check results of a service's
 * instances, sorted by id.
 */
public record ServiceLiveness(String namespace, String service, long revision, List<InstanceLiveness> instances) {
}
