package io.cairn.client;

import io.cairn.api.InstanceView;
import java.util.List;

/**
 * A service as written to the cache directory: its state, and the wall-clock time (epoch
 * milliseconds) it was last known to be the registry's current state. {@code format} is 1.
 */
record CachedService(int format, long currentAt, String namespace, String service, long revision,
        List<InstanceView> instances) {

    static final int FORMAT = 1;
}
