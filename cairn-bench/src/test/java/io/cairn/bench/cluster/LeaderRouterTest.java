package io.cairn.bench.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.bench.BenchRequest;
import io.cairn.core.model.ServiceKey;
import io.cairn.core.partition.Partitioner;
import io.vertx.core.http.HttpMethod;
import org.junit.jupiter.api.Test;

/** A partition-aware client's choice: the member leading the partition of the request's service. */
class LeaderRouterTest {

    private static final int[] LEADERS = {2, 0, 1, 1, 0, 2, 0, 1, 2, 2, 1, 0, 0, 1, 2, 0};
    private final LeaderRouter router = new LeaderRouter(new Partitioner(LEADERS.length), LEADERS);
    private final Partitioner partitioner = new Partitioner(LEADERS.length);

    @Test
    void aServiceRequestGoesToItsPartitionsLeader() {
        for (String service : new String[] {"web", "bench-svc-00042", "payments", "a"}) {
            int expected = LEADERS[partitioner.partitionOf(new ServiceKey("default", service))];

            assertThat(router.applyAsInt(get("/v1/services/" + service))).isEqualTo(expected);
            assertThat(router.applyAsInt(get("/v1/services/" + service + "/instances/i-1"))).isEqualTo(expected);
            assertThat(router.applyAsInt(get("/v1/services/" + service + "?stale"))).isEqualTo(expected);
        }
    }

    @Test
    void anEncodedNameIsDecodedFirst() {
        int expected = LEADERS[partitioner.partitionOf(new ServiceKey("default", "a b"))];

        assertThat(router.applyAsInt(get("/v1/services/a%20b/instances/x"))).isEqualTo(expected);
    }

    @Test
    void aRequestAboutNoServiceStaysWithTheClientsOwnMember() {
        assertThat(router.applyAsInt(get("/v1/status"))).isEqualTo(-1);
        assertThat(router.applyAsInt(get("/v1/health/service/web"))).isEqualTo(-1);
    }

    private static BenchRequest get(String uri) {
        return new BenchRequest(HttpMethod.GET, uri, null);
    }
}
