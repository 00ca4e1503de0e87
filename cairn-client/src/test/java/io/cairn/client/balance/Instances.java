package io.cairn.client.balance;

import io.cairn.api.InstanceView;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Instance lists for balancer tests. */
final class Instances {

    private Instances() {
    }

    static InstanceView instance(String id, int weight) {
        return new InstanceView("default", "svc", id, "10.0.0.1", 8080, List.of(), Map.of(), weight);
    }

    /** {@code n} instances {@code i0..i(n-1)}, weight 100 each. */
    static List<InstanceView> equal(int n) {
        List<InstanceView> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(instance("i" + i, 100));
        }
        return List.copyOf(out);
    }
}
