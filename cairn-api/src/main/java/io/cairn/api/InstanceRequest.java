package io.cairn.api;

import java.util.List;
import java.util.Map;

/**
 * The body of a registration ({@code PUT /v1/services/{service}/instances/{id}} or
 * {@code POST /v1/services/{service}/instances}). Absent fields take their documented defaults:
 * no tags, no metadata, weight 100.
 */
public record InstanceRequest(
        String address,
        Integer port,
        List<String> tags,
        Map<String, String> meta,
        Integer weight) {
}
