package io.cairn.core.watch;

import io.cairn.core.model.Instance;
import io.cairn.core.model.ServiceKey;
import java.util.Objects;

/**
 * One real change of one service: the revision it produced and the instance it touched.
 *
 * @param service the service
 * @param revision the service's revision after the change (strictly greater than before)
 * @param kind what happened
 * @param instance the instance as it now is, or, for {@link ChangeKind#DEREGISTERED}, as it was
 *     when removed
 */
public record Change(ServiceKey service, long revision, ChangeKind kind, Instance instance) {

    public Change {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(instance, "instance");
    }

    public String instanceId() {
        return instance.id();
    }
}
