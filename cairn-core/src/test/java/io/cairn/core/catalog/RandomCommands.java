package io.cairn.core.catalog;

import io.cairn.core.command.Command;
import io.cairn.core.command.Deregister;
import io.cairn.core.command.Register;
import io.cairn.core.model.Instance;
import io.cairn.core.model.SampleInstances;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A seeded command sequence over few services and ids, so that every outcome occurs often:
 * new instances, updates, exact repeats (unchanged), removals, removals of the last instance
 * (tombstones), re-creations after them, and removals of what is not there.
 */
final class RandomCommands {

    private RandomCommands() {
    }

    static List<Command> generate(long seed, int count, int services, int ids) {
        Random random = new Random(seed);
        List<Instance> registered = new ArrayList<>();
        List<Command> commands = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int pick = random.nextInt(10);
            if (pick < 2 && !registered.isEmpty()) {
                // The exact content registered before: unchanged unless it was replaced or removed since.
                commands.add(new Register(registered.get(random.nextInt(registered.size()))));
            } else if (pick < 5) {
                Instance target = registered.isEmpty() || random.nextBoolean()
                        ? SampleInstances.random(random, services, ids)
                        : registered.get(random.nextInt(registered.size()));
                commands.add(new Deregister(target.key(), target.id()));
            } else {
                Instance instance = SampleInstances.random(random, services, ids);
                registered.add(instance);
                commands.add(new Register(instance));
            }
        }
        return commands;
    }
}
