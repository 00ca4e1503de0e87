package io.cairn.api;

import java.util.List;

/**
 * A service and its instances at one revision ({@code GET /v1/services/{service}}). A service
 * that has no instances is returned with an empty list, not a 404, so that it can be watched
 * before its first instance registers.
 */
public record ServiceInstances(String namespace, String service, long revision, List<InstanceView> instances) {
}
