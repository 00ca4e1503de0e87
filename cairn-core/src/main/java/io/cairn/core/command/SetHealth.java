package io.cairn.core.command;

import io.cairn.core.model.Health;
import io.cairn.core.model.ServiceKey;
import java.util.Objects;

/**
 * Record an instance's new health, as the partition leader's checks found it. Proposed only
 * when the health changes, never for each probe. {@link CommandResult.Outcome#UNCHANGED} when
 * the instance already has it, {@link CommandResult.Outcome#NOT_FOUND} when it is gone.
 */
public record SetHealth(ServiceKey key, String id, Health health) implements Command {

    public SetHealth {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(health, "health");
    }

    @Override
    public Kind kind() {
        return Kind.SET_HEALTH;
    }
}
