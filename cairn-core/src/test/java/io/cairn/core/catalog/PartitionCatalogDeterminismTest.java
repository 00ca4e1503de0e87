package io.cairn.core.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.core.command.Command;
import io.cairn.core.command.CommandCodec;
import io.cairn.core.command.CommandResult;
import io.cairn.core.command.CommandResult.Outcome;
import io.cairn.core.command.Deregister;
import io.cairn.core.command.Register;
import io.cairn.core.model.Instance;
import io.cairn.core.model.ServiceKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Replicas apply the same log and must end equal; and the catalog must agree, command by
 * command, with a plain model of the documented revision rules.
 */
class PartitionCatalogDeterminismTest {

    private static final int COMMANDS = 10_000;

    @Test
    void theSameCommandsGiveEqualCatalogsWhetherAppliedOneByOneOrAsDecodedBatches() {
        List<Command> commands = RandomCommands.generate(42, COMMANDS, 3, 8);

        PartitionCatalog leader = new PartitionCatalog();
        List<CommandResult> leaderResults = new ArrayList<>();
        for (Command c : commands) {
            leaderResults.add(leader.apply(c));
        }

        // The follower sees what Raft carries: encoded batches of varying size.
        PartitionCatalog follower = new PartitionCatalog();
        List<CommandResult> followerResults = new ArrayList<>();
        Random cut = new Random(1);
        for (int from = 0; from < commands.size(); ) {
            int to = Math.min(commands.size(), from + 1 + cut.nextInt(64));
            byte[] entry = CommandCodec.encodeBatch(commands.subList(from, to));
            followerResults.addAll(follower.applyAll(CommandCodec.decodeBatch(entry)));
            from = to;
        }

        assertThat(followerResults).isEqualTo(leaderResults);
        assertThat(CatalogContent.of(follower)).isEqualTo(CatalogContent.of(leader));
        assertThat(leaderResults).extracting(CommandResult::outcome).contains(Outcome.values());
    }

    @Test
    void everyCommandFollowsTheRevisionRules() {
        List<Command> commands = RandomCommands.generate(4242, COMMANDS, 3, 8);
        PartitionCatalog catalog = new PartitionCatalog();
        Map<ServiceKey, Map<String, Instance>> model = new HashMap<>();
        Map<ServiceKey, Long> serviceRevisions = new HashMap<>();
        long revision = 0;
        long listRevision = 0;
        int tombstones = 0;

        for (int n = 0; n < commands.size(); n++) {
            Command command = commands.get(n);
            Map<String, Instance> instances = model.computeIfAbsent(command.key(), k -> new TreeMap<>());
            long serviceRevision = serviceRevisions.getOrDefault(command.key(), 0L);
            CommandResult expected;
            if (command instanceof Register r) {
                Instance existing = instances.get(r.instance().id());
                if (r.instance().equals(existing)) {
                    expected = new CommandResult(Outcome.UNCHANGED, serviceRevision);
                } else {
                    expected = new CommandResult(Outcome.CHANGED, ++revision);
                    instances.put(r.instance().id(), r.instance());
                    listRevision = existing == null ? revision : listRevision;
                }
            } else {
                Deregister d = (Deregister) command;
                if (instances.remove(d.id()) == null) {
                    expected = new CommandResult(Outcome.NOT_FOUND, serviceRevision);
                } else {
                    expected = new CommandResult(Outcome.CHANGED, ++revision);
                    listRevision = revision;
                    tombstones += instances.isEmpty() ? 1 : 0;
                }
            }
            if (expected.outcome() == Outcome.CHANGED) {
                serviceRevisions.put(command.key(), expected.revision());
            }

            assertThat(catalog.apply(command)).as("command %d: %s", n, command).isEqualTo(expected);
            assertThat(catalog.revision()).isEqualTo(revision);
            assertThat(catalog.listRevision()).isEqualTo(listRevision);
            ServiceState state = catalog.service(command.key());
            if (serviceRevisions.containsKey(command.key())) {
                assertThat(state.revision()).isEqualTo(serviceRevisions.get(command.key()));
                assertThat(state.instances()).containsExactlyElementsOf(instances.values());
            } else {
                assertThat(state).as("a service that never had an instance is not created").isNull();
            }
        }

        assertThat(tombstones).as("the sequence empties services, so tombstones are exercised").isPositive();
        assertThat(catalog.instanceCount()).isEqualTo(model.values().stream().mapToInt(Map::size).sum());
    }

    @Test
    void applyingTheSameSequenceTwiceGivesTheSameResultsAndContent() {
        List<Command> first = RandomCommands.generate(7, COMMANDS, 2, 5);
        List<Command> second = RandomCommands.generate(7, COMMANDS, 2, 5);
        assertThat(second).isEqualTo(first);

        PartitionCatalog a = new PartitionCatalog();
        PartitionCatalog b = new PartitionCatalog();
        assertThat(b.applyAll(second)).isEqualTo(a.applyAll(first));
        assertThat(CatalogContent.of(b)).isEqualTo(CatalogContent.of(a));
    }
}
