package io.cairn.server.health;

import io.cairn.core.model.ServiceKey;

/** One instance's identity: its service and id. */
record InstanceName(ServiceKey service, String id) {

    String namespace() {
        return service.namespace();
    }
}
