package io.cairn.core.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.core.command.CommandResult;
import io.cairn.core.command.CommandResult.Outcome;
import io.cairn.core.command.Deregister;
import io.cairn.core.command.Register;
import io.cairn.core.command.SetHealth;
import io.cairn.core.model.Check;
import io.cairn.core.model.CheckType;
import io.cairn.core.model.Health;
import io.cairn.core.model.Instance;
import io.cairn.core.model.Liveness;
import io.cairn.core.model.SampleInstances;
import io.cairn.core.model.ServiceKey;
import io.cairn.core.watch.Change;
import io.cairn.core.watch.ChangeKind;
import io.cairn.core.watch.ChangeReason;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Health in the catalog: where it starts, when it is kept, how it changes, and what watchers hear. */
class HealthCatalogTest {

    private static final ServiceKey WEB = SampleInstances.WEB;
    private static final Check TCP = new Check(CheckType.TCP, "10.0.0.1:8080", 1_000, 500);
    private static final Check HTTP = new Check(CheckType.HTTP, "http://10.0.0.1:8080/h", 1_000, 500);

    private final List<Change> changes = new ArrayList<>();
    private final PartitionCatalog catalog = new PartitionCatalog(new ChangeListener() {
        @Override
        public void changed(Change change, ServiceState after) {
            changes.add(change);
        }

        @Override
        public void restored(Collection<ServiceState> services) {
        }
    });

    private static Instance withChecks(String id, Check... checks) {
        Instance i = SampleInstances.of(id);
        return new Instance(i.key(), id, i.address(), i.port(), i.tags(), i.meta(), i.weight(),
                new Liveness(false, 0, 0, List.of(checks)), Health.PASSING);
    }

    private Health health(String id) {
        return catalog.service(WEB).find(id).health();
    }

    @Test
    void withoutChecksAnInstanceIsPassingAndWithChecksCriticalUntilOnePasses() {
        catalog.apply(new Register(SampleInstances.of("plain")));
        // The registration asks for passing; the catalog does not take health from a client.
        catalog.apply(new Register(withChecks("checked", TCP)));

        assertThat(health("plain")).isEqualTo(Health.PASSING);
        assertThat(health("checked")).isEqualTo(Health.CRITICAL);
    }

    @Test
    void reRegisteringWithTheSameChecksKeepsHealthAndMovesNothing() {
        catalog.apply(new Register(withChecks("a", TCP)));
        catalog.apply(new SetHealth(WEB, "a", Health.PASSING));
        long revision = catalog.revision();

        CommandResult again = catalog.apply(new Register(withChecks("a", TCP)));

        assertThat(again).isEqualTo(new CommandResult(Outcome.UNCHANGED, revision));
        assertThat(health("a")).isEqualTo(Health.PASSING);
    }

    @Test
    void anUpdateWithTheSameChecksKeepsHealthAndNewChecksStartOver() {
        catalog.apply(new Register(withChecks("a", TCP)));
        catalog.apply(new SetHealth(WEB, "a", Health.PASSING));

        catalog.apply(new Register(SampleInstances.withPort(withChecks("a", TCP), 9090)));
        assertThat(health("a")).as("content changed, same checks").isEqualTo(Health.PASSING);

        catalog.apply(new Register(withChecks("a", TCP, HTTP)));
        assertThat(health("a")).as("checks changed").isEqualTo(Health.CRITICAL);
    }

    @Test
    void setHealthChangesOnlyHealthAndTellsWatchersWhy() {
        catalog.apply(new Register(withChecks("a", TCP)));
        long before = catalog.revision();

        CommandResult result = catalog.apply(new SetHealth(WEB, "a", Health.WARNING));

        assertThat(result).isEqualTo(new CommandResult(Outcome.CHANGED, before + 1));
        assertThat(health("a")).isEqualTo(Health.WARNING);
        Change last = changes.get(changes.size() - 1);
        assertThat(last.kind()).isEqualTo(ChangeKind.HEALTH);
        assertThat(last.reason()).isEqualTo(ChangeReason.CHECK);
        assertThat(last.previous()).isEqualTo(before);
        assertThat(last.instance().health()).isEqualTo(Health.WARNING);
        assertThat(catalog.listRevision()).as("no instance came or went").isEqualTo(before);
    }

    @Test
    void setHealthToTheSameHealthOrOfAnAbsentInstanceChangesNothing() {
        catalog.apply(new Register(withChecks("a", TCP)));
        int heard = changes.size();
        long revision = catalog.revision();

        assertThat(catalog.apply(new SetHealth(WEB, "a", Health.CRITICAL)))
                .isEqualTo(new CommandResult(Outcome.UNCHANGED, revision));
        assertThat(catalog.apply(new SetHealth(WEB, "nobody", Health.PASSING)))
                .isEqualTo(new CommandResult(Outcome.NOT_FOUND, revision));
        assertThat(catalog.apply(new SetHealth(new ServiceKey("default", "none"), "x", Health.PASSING)))
                .isEqualTo(new CommandResult(Outcome.NOT_FOUND, 0));
        assertThat(changes).hasSize(heard);
        assertThat(catalog.revision()).isEqualTo(revision);
    }

    @Test
    void aDeregistrationCarriesItsReasonToWatchers() {
        Instance e = new Instance(WEB, "e", "10.0.0.1", 80, List.of(), null, 100, Liveness.ephemeral(1_000),
                Health.PASSING);
        catalog.apply(new Register(e));
        catalog.apply(new Register(SampleInstances.of("p")));

        catalog.apply(new Deregister(WEB, "e", ChangeReason.EXPIRED));
        catalog.apply(new Deregister(WEB, "p"));

        assertThat(changes.get(changes.size() - 2).reason()).isEqualTo(ChangeReason.EXPIRED);
        assertThat(changes.get(changes.size() - 2).instance().ephemeral()).isTrue();
        assertThat(changes.get(changes.size() - 1).reason()).isEqualTo(ChangeReason.REQUEST);
        assertThat(catalog.service(WEB).isEmpty()).isTrue();
    }

    @Test
    void healthSurvivesASnapshot() throws Exception {
        catalog.apply(new Register(withChecks("a", TCP)));
        catalog.apply(new Register(withChecks("b", HTTP)));
        catalog.apply(new SetHealth(WEB, "a", Health.WARNING));
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        CatalogSnapshot.write(catalog, new java.io.DataOutputStream(bytes));
        PartitionCatalog restored = new PartitionCatalog();
        CatalogSnapshot.read(new java.io.DataInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray())),
                restored);

        assertThat(restored.service(WEB).instances()).containsExactlyElementsOf(catalog.service(WEB).instances());
        assertThat(restored.service(WEB).find("a").health()).isEqualTo(Health.WARNING);
        assertThat(restored.service(WEB).find("b").liveness().checks()).containsExactly(HTTP);
    }
}
