package io.cairn.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.api.InstanceView;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Queries over a cached service: the right instances, and the same list object every time. */
class ServiceSnapshotTest {

    private static InstanceView instance(String id, String health, List<String> tags, Map<String, String> meta) {
        return new InstanceView("default", "api", id, "10.0.0.1", 80, tags, meta, 100, health, true, "10s", null,
                List.of());
    }

    private final ServiceSnapshot snapshot = new ServiceSnapshot("default", "api", 7, List.of(
            instance("a", "passing", List.of("v2", "eu"), Map.of("zone", "a")),
            instance("b", "critical", List.of("v2"), Map.of("zone", "b")),
            instance("c", "passing", List.of("v1"), Map.of("zone", "a")),
            instance("d", "warning", List.of("v2", "eu"), Map.of())), false, false);

    private static List<String> ids(List<InstanceView> list) {
        return list.stream().map(InstanceView::id).toList();
    }

    @Test
    void filtersByHealthTagsAndMetadata() {
        assertThat(ids(snapshot.instances())).containsExactly("a", "b", "c", "d");
        assertThat(ids(snapshot.passing())).containsExactly("a", "c");
        assertThat(ids(snapshot.matching(InstanceQuery.all().withTag("v2")))).containsExactly("a", "b", "d");
        assertThat(ids(snapshot.matching(InstanceQuery.passing().withTag("v2")))).containsExactly("a");
        assertThat(ids(snapshot.matching(InstanceQuery.all().withTag("v2").withTag("eu")))).containsExactly("a", "d");
        assertThat(ids(snapshot.matching(InstanceQuery.all().withMeta("zone", "a")))).containsExactly("a", "c");
        assertThat(snapshot.matching(InstanceQuery.all().withMeta("zone", "c"))).isEmpty();
    }

    @Test
    void theSameQueryGetsTheSameListSoBalancerTablesAreReused() {
        InstanceQuery q = InstanceQuery.passing().withMeta("zone", "a");
        assertThat(snapshot.matching(q)).isSameAs(snapshot.matching(q))
                .isSameAs(snapshot.matching(InstanceQuery.passing().withMeta("zone", "a")));
        assertThat(snapshot.matching(InstanceQuery.passing())).isSameAs(snapshot.passing());
        assertThat(snapshot.matching(InstanceQuery.all())).isSameAs(snapshot.instances());
    }

    @Test
    void listsAreUnmodifiable() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> snapshot.passing().clear())
                .isInstanceOf(UnsupportedOperationException.class);
    }
}
