package io.cairn.core.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.core.command.Deregister;
import io.cairn.core.command.Register;
import io.cairn.core.model.Instance;
import io.cairn.core.model.SampleInstances;
import io.cairn.core.model.ServiceKey;
import io.cairn.core.watch.Change;
import io.cairn.core.watch.ChangeKind;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The catalog reports exactly its real changes, with the revisions it gave them. */
class ChangeListenerTest {

    private final List<Change> changes = new ArrayList<>();
    private final List<ServiceState> afters = new ArrayList<>();
    private int restores;

    private final PartitionCatalog catalog = new PartitionCatalog(new ChangeListener() {
        @Override
        public void changed(Change change, ServiceState after) {
            changes.add(change);
            afters.add(after);
        }

        @Override
        public void restored(Collection<ServiceState> services) {
            restores++;
        }
    });

    @Test
    void reportsRegisterUpdateAndDeregisterButNotNoOps() {
        Instance a = SampleInstances.of("a");
        catalog.apply(new Register(a));
        catalog.apply(new Register(a));
        catalog.apply(new Register(SampleInstances.withPort(a, 9090)));
        catalog.apply(new Deregister(a.key(), "a"));
        catalog.apply(new Deregister(a.key(), "a"));
        catalog.apply(new Deregister(a.key(), "never"));

        assertThat(changes).extracting(Change::kind)
                .containsExactly(ChangeKind.REGISTERED, ChangeKind.UPDATED, ChangeKind.DEREGISTERED);
        assertThat(changes).extracting(Change::revision).containsExactly(1L, 2L, 3L);
        assertThat(changes).extracting(Change::previous).containsExactly(0L, 1L, 2L);
        assertThat(changes.get(1).instance().port()).isEqualTo(9090);
        assertThat(changes.get(2).instance().port()).as("a deregistration carries the removed instance")
                .isEqualTo(9090);
        for (int i = 0; i < changes.size(); i++) {
            assertThat(afters.get(i).revision()).isEqualTo(changes.get(i).revision());
        }
        assertThat(afters.get(2).isEmpty()).isTrue();
        assertThat(afters.get(2)).isSameAs(catalog.service(a.key()));
    }

    @Test
    void revisionsPerServiceGrowAndEachChangeMatchesTheCatalog() {
        ServiceKey other = new ServiceKey("default", "other");
        catalog.apply(new Register(SampleInstances.of("a")));
        catalog.apply(new Register(SampleInstances.of(other, "b")));
        catalog.apply(new Register(SampleInstances.of("c")));
        assertThat(changes).extracting(c -> c.service().service()).containsExactly("web", "other", "web");
        assertThat(changes).extracting(Change::previous).containsExactly(0L, 0L, 1L);
        assertThat(changes).extracting(Change::revision).containsExactly(1L, 2L, 3L);
        assertThat(catalog.service(SampleInstances.WEB).revision()).isEqualTo(3);
        assertThat(catalog.service(other).revision()).isEqualTo(2);
    }

    @Test
    void aRestoreIsReported() {
        catalog.restore(7, 7, Map.of());
        assertThat(restores).isEqualTo(1);
        assertThat(changes).isEmpty();
    }
}
