package io.cairn.core.command;

import io.cairn.core.model.ServiceKey;
import java.util.Objects;

/** Remove one instance; answers {@link CommandResult.Outcome#NOT_FOUND} when it is absent. */
public record Deregister(ServiceKey key, String id) implements Command {

    public Deregister {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(id, "id");
    }

    @Override
    public Kind kind() {
        return Kind.DEREGISTER;
    }
}
