package io.cairn.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
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
