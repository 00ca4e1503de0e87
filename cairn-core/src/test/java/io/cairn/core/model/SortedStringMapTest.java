package io.cairn.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class SortedStringMapTest {

    @Test
    void behavesLikeASortedMapOfTheSameContent() {
        Random random = new Random(42);
        for (int round = 0; round < 200; round++) {
            Map<String, String> source = new HashMap<>();
            int n = random.nextInt(20);
            for (int i = 0; i < n; i++) {
                source.put("k" + random.nextInt(50), "v" + random.nextInt(1000));
            }
            SortedStringMap map = SortedStringMap.copyOf(source);
            TreeMap<String, String> expected = new TreeMap<>(source);
            assertThat(map).as("seed 42 round %d", round).isEqualTo(expected);
            assertThat(map.hashCode()).isEqualTo(expected.hashCode());
            assertThat(map.keySet()).containsExactlyElementsOf(expected.keySet());
            for (int i = 0; i < 50; i++) {
                assertThat(map.get("k" + i)).isEqualTo(expected.get("k" + i));
                assertThat(map.containsKey("k" + i)).isEqualTo(expected.containsKey("k" + i));
            }
            assertThat(map.get(7)).isNull();
        }
    }

    @Test
    void isAnImmutableCopy() {
        Map<String, String> source = new LinkedHashMap<>(Map.of("b", "2", "a", "1"));
        SortedStringMap map = SortedStringMap.copyOf(source);
        source.put("c", "3");
        assertThat(map).containsExactly(Map.entry("a", "1"), Map.entry("b", "2"));
        assertThatThrownBy(() -> map.put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> map.entrySet().iterator().next().setValue("z"))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThat(SortedStringMap.copyOf(map)).isSameAs(map);
    }

    @Test
    void poolingKeepsContent() {
        SortedStringMap map = SortedStringMap.copyOf(Map.of("zone", "eu-1", "v", "2"));
        assertThat(map.mapStrings(String::new)).isEqualTo(map);
    }
}
