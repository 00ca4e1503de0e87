package io.cairn.api;

import java.util.List;
import java.util.Map;

/** One instance as reads return it. */
public record InstanceView(
        String namespace,
        String service,
        String id,
        String address,
        int port,
        List<String> tags,
        Map<String, String> meta,
        int weight) {
}
