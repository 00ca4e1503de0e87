package io.cairn.core.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.core.command.Command;
import io.cairn.core.command.CommandResult;
import io.cairn.core.command.CommandResult.Outcome;
import io.cairn.core.command.Deregister;
import io.cairn.core.command.Register;
import io.cairn.core.model.Instance;
import io.cairn.core.model.SampleInstances;
import io.cairn.core.model.ServiceKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PartitionCatalogTest {

    private static final ServiceKey WEB = SampleInstances.WEB;
    private static final ServiceKey API = new ServiceKey("default", "api");

    private final PartitionCatalog catalog = new PartitionCatalog();

    @Test
    void startsEmptyAtRevisionZero() {
        assertThat(catalog.revision()).isZero();
        assertThat(catalog.listRevision()).isZero();
        assertThat(catalog.services()).isEmpty();
        assertThat(catalog.instanceCount()).isZero();
        assertThat(catalog.service(WEB)).isNull();
    }

    @Test
    void registeringANewInstanceChangesTheServiceAtTheNextRevision() {
        Instance a = SampleInstances.of(WEB, "a");

        CommandResult result = catalog.apply(new Register(a));

        assertThat(result).isEqualTo(new CommandResult(Outcome.CHANGED, 1));
        assertThat(catalog.revision()).isEqualTo(1);
        assertThat(catalog.listRevision()).isEqualTo(1);
        ServiceState web = catalog.service(WEB);
        assertThat(web.revision()).isEqualTo(1);
        assertThat(web.instances()).containsExactly(a);
        assertThat(web.find("a")).isEqualTo(a);
        assertThat(catalog.instanceCount()).isEqualTo(1);
    }

    @Test
    void eachChangeTakesTheNextPartitionRevisionAndOnlyMovesItsOwnService() {
        catalog.apply(new Register(SampleInstances.of(WEB, "a")));
        CommandResult second = catalog.apply(new Register(SampleInstances.of(API, "a")));
        CommandResult third = catalog.apply(new Register(SampleInstances.of(WEB, "b")));

        assertThat(second.revision()).isEqualTo(2);
        assertThat(third.revision()).isEqualTo(3);
        assertThat(catalog.service(API).revision()).isEqualTo(2);
        assertThat(catalog.service(WEB).revision()).isEqualTo(3);
        assertThat(catalog.revision()).isEqualTo(3);
        assertThat(catalog.instanceCount()).isEqualTo(3);
    }

    @Test
    void reRegisteringTheSameContentIsUnchangedAndMovesNoRevision() {
        Map<String, String> meta = new HashMap<>(Map.of("zone", "a", "app", "b"));
        Instance a = SampleInstances.withMeta(SampleInstances.withTags(SampleInstances.of(WEB, "a"), List.of("x")),
                meta);
        catalog.apply(new Register(a));
        catalog.apply(new Register(SampleInstances.of(API, "z")));
        ServiceState before = catalog.service(WEB);

        // Equal content built from other objects: another key object, another map type and order.
        Map<String, String> sameMeta = new LinkedHashMap<>();
        sameMeta.put("app", "b");
        sameMeta.put("zone", "a");
        Instance same = new Instance(new ServiceKey("default", "web"), "a", "10.0.0.1", 8080,
                new ArrayList<>(List.of("x")), sameMeta, 100);
        CommandResult result = catalog.apply(new Register(same));

        assertThat(result).isEqualTo(new CommandResult(Outcome.UNCHANGED, 1));
        assertThat(catalog.revision()).isEqualTo(2);
        assertThat(catalog.listRevision()).isEqualTo(2);
        assertThat(catalog.service(WEB)).isSameAs(before);
    }

    @Test
    void updatingAnInstanceIsAChangeThatKeepsTheListRevision() {
        Instance a = SampleInstances.of(WEB, "a");
        catalog.apply(new Register(a));
        catalog.apply(new Register(SampleInstances.of(WEB, "b")));

        CommandResult result = catalog.apply(new Register(SampleInstances.withPort(a, 9090)));

        assertThat(result).isEqualTo(new CommandResult(Outcome.CHANGED, 3));
        assertThat(catalog.service(WEB).revision()).isEqualTo(3);
        assertThat(catalog.service(WEB).find("a").port()).isEqualTo(9090);
        assertThat(catalog.service(WEB).size()).isEqualTo(2);
        assertThat(catalog.listRevision()).as("same instances, same count").isEqualTo(2);
    }

    @Test
    void anyFieldChangeIsAChange() {
        Instance a = SampleInstances.withTags(SampleInstances.of(WEB, "a"), List.of("x", "y"));
        catalog.apply(new Register(a));
        List<Instance> variants = List.of(
                SampleInstances.withTags(a, List.of("y", "x")),
                SampleInstances.withMeta(a, Map.of("k", "v")),
                SampleInstances.withAddress(a, "10.0.0.2"),
                SampleInstances.withWeight(a, 0),
                SampleInstances.withPort(a, 1));
        long last = catalog.revision();
        for (Instance v : variants) {
            CommandResult result = catalog.apply(new Register(v));
            assertThat(result.outcome()).as("%s", v).isEqualTo(Outcome.CHANGED);
            assertThat(result.revision()).isEqualTo(last + 1);
            assertThat(catalog.service(WEB).find("a")).isEqualTo(v);
            last = result.revision();
        }
    }

    @Test
    void deregisteringAMissingInstanceIsNotFoundAndMovesNothing() {
        catalog.apply(new Register(SampleInstances.of(WEB, "a")));
        catalog.apply(new Register(SampleInstances.of(API, "a")));
        ServiceState before = catalog.service(WEB);

        CommandResult result = catalog.apply(new Deregister(WEB, "nope"));

        assertThat(result).isEqualTo(new CommandResult(Outcome.NOT_FOUND, 1));
        assertThat(catalog.revision()).isEqualTo(2);
        assertThat(catalog.listRevision()).isEqualTo(2);
        assertThat(catalog.service(WEB)).isSameAs(before);
    }

    @Test
    void deregisteringFromAnUnknownServiceIsNotFoundAtRevisionZeroAndCreatesNothing() {
        catalog.apply(new Register(SampleInstances.of(WEB, "a")));

        CommandResult result = catalog.apply(new Deregister(new ServiceKey("other", "web"), "a"));

        assertThat(result).isEqualTo(new CommandResult(Outcome.NOT_FOUND, 0));
        assertThat(catalog.service(new ServiceKey("other", "web"))).isNull();
        assertThat(catalog.services()).hasSize(1);
        assertThat(catalog.revision()).isEqualTo(1);
    }

    @Test
    void deregisteringRemovesTheInstanceAndMovesBothRevisions() {
        catalog.apply(new Register(SampleInstances.of(WEB, "a")));
        catalog.apply(new Register(SampleInstances.of(WEB, "b")));

        CommandResult result = catalog.apply(new Deregister(WEB, "a"));

        assertThat(result).isEqualTo(new CommandResult(Outcome.CHANGED, 3));
        assertThat(catalog.service(WEB).instances()).extracting(Instance::id).containsExactly("b");
        assertThat(catalog.service(WEB).find("a")).isNull();
        assertThat(catalog.listRevision()).isEqualTo(3);
        assertThat(catalog.instanceCount()).isEqualTo(1);
    }

    @Test
    void deregisteringTheLastInstanceLeavesATombstoneWithItsRevision() {
        catalog.apply(new Register(SampleInstances.of(WEB, "a")));
        catalog.apply(new Register(SampleInstances.of(API, "a")));

        CommandResult removed = catalog.apply(new Deregister(WEB, "a"));

        ServiceState tombstone = catalog.service(WEB);
        assertThat(tombstone).isNotNull();
        assertThat(tombstone.isEmpty()).isTrue();
        assertThat(tombstone.size()).isZero();
        assertThat(tombstone.revision()).isEqualTo(removed.revision()).isEqualTo(3);
        assertThat(catalog.services()).extracting(ServiceState::key).containsExactlyInAnyOrder(WEB, API);
        assertThat(catalog.instanceCount()).isEqualTo(1);

        // The tombstone answers like any other service: a second removal finds nothing and moves nothing.
        assertThat(catalog.apply(new Deregister(WEB, "a"))).isEqualTo(new CommandResult(Outcome.NOT_FOUND, 3));
        assertThat(catalog.revision()).isEqualTo(3);
    }

    @Test
    void aServiceRecreatedAfterItsTombstoneGetsAHigherRevision() {
        catalog.apply(new Register(SampleInstances.of(WEB, "a")));
        long removedAt = catalog.apply(new Deregister(WEB, "a")).revision();

        CommandResult back = catalog.apply(new Register(SampleInstances.of(WEB, "a")));

        assertThat(back.outcome()).isEqualTo(Outcome.CHANGED);
        assertThat(back.revision()).isGreaterThan(removedAt);
        assertThat(catalog.service(WEB).revision()).isEqualTo(back.revision());
        assertThat(catalog.listRevision()).isEqualTo(back.revision());
    }

    @Test
    void revisionsNeverGoBackwards() {
        Random random = new Random(5);
        Map<ServiceKey, Long> lastSeen = new HashMap<>();
        long lastPartition = 0;
        long lastList = 0;
        for (int i = 0; i < 2_000; i++) {
            Instance instance = SampleInstances.random(random, 3, 4);
            Command command = random.nextBoolean() ? new Register(instance) : new Deregister(instance.key(), instance.id());
            catalog.apply(command);
            assertThat(catalog.revision()).isGreaterThanOrEqualTo(lastPartition);
            assertThat(catalog.listRevision()).isGreaterThanOrEqualTo(lastList).isLessThanOrEqualTo(catalog.revision());
            ServiceState state = catalog.service(command.key());
            if (state != null) {
                assertThat(state.revision()).isGreaterThanOrEqualTo(lastSeen.getOrDefault(command.key(), 0L));
                lastSeen.put(command.key(), state.revision());
            }
            lastPartition = catalog.revision();
            lastList = catalog.listRevision();
        }
    }

    @Test
    void listRevisionMovesOnlyWhenAnInstanceIsAddedOrRemoved() {
        Instance a = SampleInstances.of(WEB, "a");
        assertThat(catalog.apply(new Register(a)).revision()).isEqualTo(1);
        assertThat(catalog.listRevision()).isEqualTo(1);

        catalog.apply(new Register(SampleInstances.withPort(a, 1)));   // update: 2
        catalog.apply(new Register(SampleInstances.withPort(a, 1)));   // unchanged
        catalog.apply(new Deregister(WEB, "missing"));                 // not found
        assertThat(catalog.revision()).isEqualTo(2);
        assertThat(catalog.listRevision()).isEqualTo(1);

        catalog.apply(new Register(SampleInstances.of(WEB, "b")));     // add: 3
        assertThat(catalog.listRevision()).isEqualTo(3);
        catalog.apply(new Register(SampleInstances.of(API, "a")));     // new service: 4
        assertThat(catalog.listRevision()).isEqualTo(4);
        catalog.apply(new Deregister(WEB, "b"));                        // remove: 5
        assertThat(catalog.listRevision()).isEqualTo(5);
        catalog.apply(new Register(SampleInstances.withWeight(a, 7))); // update: 6
        assertThat(catalog.listRevision()).isEqualTo(5);
        assertThat(catalog.revision()).isEqualTo(6);
    }

    @Test
    void keepsInstancesSortedById() {
        for (String id : List.of("m", "c", "z", "a", "b", "y")) {
            catalog.apply(new Register(SampleInstances.of(WEB, id)));
        }
        catalog.apply(new Deregister(WEB, "m"));
        catalog.apply(new Register(SampleInstances.withPort(SampleInstances.of(WEB, "c"), 1)));

        assertThat(catalog.service(WEB).instances()).extracting(Instance::id).containsExactly("a", "b", "c", "y", "z");
        assertThat(catalog.service(WEB).find("c").port()).isEqualTo(1);
    }

    @Test
    void aServiceStateIsAnUnmodifiableValueThatLaterChangesDoNotTouch() {
        catalog.apply(new Register(SampleInstances.of(WEB, "a")));
        ServiceState before = catalog.service(WEB);

        catalog.apply(new Register(SampleInstances.of(WEB, "b")));
        catalog.apply(new Deregister(WEB, "a"));

        assertThat(before.revision()).isEqualTo(1);
        assertThat(before.instances()).extracting(Instance::id).containsExactly("a");
        assertThatThrownBy(() -> before.instances().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThat(catalog.service(WEB).instances()).extracting(Instance::id).containsExactly("b");
    }

    @Test
    void instancesShareTheirServicesKeyObject() {
        catalog.apply(new Register(SampleInstances.of(new ServiceKey("default", "web"), "a")));
        catalog.apply(new Register(SampleInstances.of(new ServiceKey("default", "web"), "b")));

        ServiceState web = catalog.service(WEB);
        assertThat(web.instances()).allSatisfy(i -> assertThat(i.key()).isSameAs(web.key()));
    }

    @Test
    void namespacesSeparateServicesOfTheSameName() {
        ServiceKey prodWeb = new ServiceKey("prod", "web");
        catalog.apply(new Register(SampleInstances.of(WEB, "a")));
        catalog.apply(new Register(SampleInstances.of(prodWeb, "a")));

        assertThat(catalog.apply(new Deregister(prodWeb, "a")).outcome()).isEqualTo(Outcome.CHANGED);
        assertThat(catalog.service(WEB).find("a")).isNotNull();
        assertThat(catalog.service(prodWeb).isEmpty()).isTrue();
    }

    @Test
    void applyAllOfABatchEqualsApplyingOneByOne() {
        List<Command> commands = RandomCommands.generate(9, 500, 3, 4);
        PartitionCatalog oneByOne = new PartitionCatalog();
        List<CommandResult> expected = new ArrayList<>();
        for (Command c : commands) {
            expected.add(oneByOne.apply(c));
        }

        List<CommandResult> results = catalog.applyAll(commands);

        assertThat(results).isEqualTo(expected);
        assertThat(CatalogContent.of(catalog)).isEqualTo(CatalogContent.of(oneByOne));
        assertThat(results).extracting(CommandResult::outcome).contains(Outcome.values());
    }

    @Test
    void restoreReplacesTheWholeContent() {
        catalog.apply(new Register(SampleInstances.of(WEB, "a")));
        ServiceState api = new ServiceState(API, 40, new Instance[] {SampleInstances.of(API, "x")});

        catalog.restore(41, 40, Map.of(API, api));

        assertThat(catalog.service(WEB)).isNull();
        assertThat(catalog.service(API)).isSameAs(api);
        assertThat(catalog.revision()).isEqualTo(41);
        assertThat(catalog.listRevision()).isEqualTo(40);
        assertThat(catalog.apply(new Register(SampleInstances.of(WEB, "a"))).revision()).isEqualTo(42);
    }
}
