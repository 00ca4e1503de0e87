package io.cairn.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServiceKeyTest {

    @Test
    void ordersByNamespaceThenService() {
        List<ServiceKey> keys = new ArrayList<>(List.of(
                new ServiceKey("b", "a"), new ServiceKey("a", "z"), new ServiceKey("a", "b"), new ServiceKey("a", "B")));
        Collections.sort(keys);
        assertThat(keys).containsExactly(
                new ServiceKey("a", "B"), new ServiceKey("a", "b"), new ServiceKey("a", "z"), new ServiceKey("b", "a"));
    }

    @Test
    void comparesEqualOnlyToAnEqualKey() {
        assertThat(new ServiceKey("a", "b")).isEqualByComparingTo(new ServiceKey("a", "b"));
        assertThat(new ServiceKey("a", "b")).isEqualTo(new ServiceKey("a", "b"));
        assertThat(new ServiceKey("a", "b")).isNotEqualTo(new ServiceKey("b", "a"));
    }

    @Test
    void isAValueKeyByBothFields() {
        ServiceKey web = new ServiceKey("default", "web");
        ServiceKey copy = new ServiceKey(new String("default"), new String("web"));
        assertThat(copy).isEqualTo(web).hasSameHashCodeAs(web);
        assertThat(new ServiceKey("other", "web")).isNotEqualTo(web);
        assertThat(new ServiceKey("default", "api")).isNotEqualTo(web);
        assertThat(web).isNotEqualTo(null).isNotEqualTo("default/web");
        Map<ServiceKey, Long> last = new HashMap<>();
        last.put(web, 7L);
        assertThat(last.get(copy)).isEqualTo(7L);
        assertThat(last.get(new ServiceKey("other", "web"))).isNull();
    }

    @Test
    void printsAsNamespaceSlashService() {
        assertThat(new ServiceKey("default", "web")).hasToString("default/web");
    }

    @Test
    void rejectsNullNames() {
        assertThatThrownBy(() -> new ServiceKey(null, "web")).isInstanceOf(NullPointerException.class)
                .hasMessage("namespace");
        assertThatThrownBy(() -> new ServiceKey("default", null)).isInstanceOf(NullPointerException.class)
                .hasMessage("service");
    }
}
