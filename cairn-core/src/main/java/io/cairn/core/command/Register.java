package io.cairn.core.command;

import io.cairn.core.model.Instance;
import io.cairn.core.model.ServiceKey;
import java.util.Objects;

/** Insert or replace one instance; a no-op when the same content is already there. */
public record Register(Instance instance) implements Command {

    public Register {
        Objects.requireNonNull(instance, "instance");
    }

    @Override
    public Kind kind() {
        return Kind.REGISTER;
    }

    @Override
    public ServiceKey key() {
        return instance.key();
    }
}
