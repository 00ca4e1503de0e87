package io.cairn.core.watch;

import io.cairn.core.model.Instance;
import io.cairn.core.model.ServiceKey;
import java.util.Objects;

/**
 * One real change of one service: the revision it produced and the instance it touched.
 *
 * @param service the service
 * @param revision the service's revision after the change (strictly greater than before)
 * @param previous the service's revision before the change (0 for a service's first change), so
 *     a receiver can check it missed nothing: each change's {@code previous} is the revision of
 *     the change before it
 * @param kind what happened
 * @param reason why it happened
 * @param instance the instance as it now is, or, for {@link ChangeKind#DEREGISTERED}, as it was
 *     when removed
 */
public record Change(ServiceKey service, long revision, long previous, ChangeKind kind, ChangeReason reason,
        Instance instance) {

    public Change {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(instance, "instance");
        if (previous >= revision) {
            throw new IllegalArgumentException("revision " + revision + " must be after " + previous);
        }
    }

    public String instanceId() {
        return instance.id();
    }
}
