package io.cairn.core.command;

import io.cairn.core.model.ServiceKey;
import io.cairn.core.watch.ChangeReason;
import java.util.Objects;

/**
 * Remove one instance; answers {@link CommandResult.Outcome#NOT_FOUND} when it is absent.
 *
 * @param reason why: {@link ChangeReason#REQUEST} for a client's deregistration,
 *     {@link ChangeReason#EXPIRED} or {@link ChangeReason#CRITICAL} when the partition leader
 *     removes it; watchers are told
 */
public record Deregister(ServiceKey key, String id, ChangeReason reason) implements Command {

    public Deregister {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(reason, "reason");
    }

    /** A client's deregistration. */
    public Deregister(ServiceKey key, String id) {
        this(key, id, ChangeReason.REQUEST);
    }

    @Override
    public Kind kind() {
        return Kind.DEREGISTER;
    }
}
