package io.cairn.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The canonical form of an instance: equality is content equality, and nothing outside can change it. */
class InstanceTest {

    private static final ServiceKey KEY = SampleInstances.WEB;

    @Test
    void keepsTagsInTheOwnersOrder() {
        Instance i = instance(List.of("zeta", "alpha", "mid"), Map.of());
        assertThat(i.tags()).containsExactly("zeta", "alpha", "mid");
        assertThat(i).isNotEqualTo(instance(List.of("alpha", "mid", "zeta"), Map.of()));
    }

    @Test
    void sortsMetadataByKey() {
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("zone", "a");
        meta.put("app", "b");
        meta.put("Version", "c");
        assertThat(instance(List.of(), meta).meta().keySet()).containsExactly("Version", "app", "zone");
    }

    @Test
    void equalityIsContentEqualityWhateverTheCollectionTypes() {
        Map<String, String> hash = new HashMap<>(Map.of("a", "1", "b", "2"));
        Map<String, String> linked = new LinkedHashMap<>();
        linked.put("b", "2");
        linked.put("a", "1");
        Instance one = instance(new ArrayList<>(List.of("x", "y")), hash);
        Instance two = instance(List.of("x", "y"), linked);
        assertThat(one).isEqualTo(two).hasSameHashCodeAs(two);
    }

    @Test
    void nullOrEmptyTagsAndMetaBecomeEmpty() {
        Instance fromNull = instance(null, null);
        Instance fromEmpty = instance(new ArrayList<>(), new HashMap<>());
        assertThat(fromNull.tags()).isEmpty();
        assertThat(fromNull.meta()).isEmpty();
        assertThat(fromNull).isEqualTo(fromEmpty);
    }

    @Test
    void copiesTagsAndMetaSoTheCallerCannotChangeThemLater() {
        List<String> tags = new ArrayList<>(List.of("a"));
        Map<String, String> meta = new HashMap<>(Map.of("k", "v"));
        Instance i = instance(tags, meta);
        tags.add("b");
        meta.put("k2", "v2");
        assertThat(i.tags()).containsExactly("a");
        assertThat(i.meta()).containsOnlyKeys("k");
    }

    @Test
    void exposesUnmodifiableTagsAndMeta() {
        Instance i = instance(List.of("a"), Map.of("k", "v"));
        assertThatThrownBy(() -> i.tags().add("b")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> i.meta().put("k2", "v")).isInstanceOf(UnsupportedOperationException.class);
    }

    /**
     * An unmodifiable view handed in by the caller still has a mutable map behind it, so it must
     * be copied like any other map; otherwise the "immutable" instance (and the catalog that holds
     * it) changes when the caller changes its map.
     */
    @Test
    void copiesAnUnmodifiableSortedViewOfACallersMap() {
        TreeMap<String, String> backing = new TreeMap<>(Map.of("k", "v"));
        SortedMap<String, String> view = Collections.unmodifiableSortedMap(backing);
        Instance i = instance(List.of(), view);
        Instance same = instance(List.of(), Map.of("k", "v"));

        backing.put("k2", "sneaked in");

        assertThat(i.meta()).containsOnlyKeys("k");
        assertThat(i).isEqualTo(same);
    }

    @Test
    void rejectsMissingKeyIdOrAddress() {
        assertThatThrownBy(() -> new Instance(null, "i", "a", 1, null, null, 1))
                .isInstanceOf(NullPointerException.class).hasMessage("key");
        assertThatThrownBy(() -> new Instance(KEY, null, "a", 1, null, null, 1))
                .isInstanceOf(NullPointerException.class).hasMessage("id");
        assertThatThrownBy(() -> new Instance(KEY, "i", null, 1, null, null, 1))
                .isInstanceOf(NullPointerException.class).hasMessage("address");
    }

    @Test
    void withKeyReturnsItselfForTheSameKeyObject() {
        Instance i = SampleInstances.of(KEY, "i-1");
        assertThat(i.withKey(KEY)).isSameAs(i);
    }

    @Test
    void withKeySharesAnEqualKeyObjectAndKeepsTheContent() {
        Instance i = instance(List.of("t"), Map.of("k", "v"));
        ServiceKey shared = new ServiceKey(new String("default"), new String("web"));

        Instance moved = i.withKey(shared);

        assertThat(moved.key()).isSameAs(shared);
        assertThat(moved).isEqualTo(i);
        assertThat(moved.meta()).isEqualTo(i.meta());
        assertThat(moved.tags()).isEqualTo(i.tags());
    }

    private static Instance instance(List<String> tags, Map<String, String> meta) {
        return new Instance(KEY, "i-1", "10.0.0.1", 8080, tags, meta, Instance.DEFAULT_WEIGHT);
    }
}
