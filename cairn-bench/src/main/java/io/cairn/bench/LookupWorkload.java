package io.cairn.bench;

import io.vertx.core.http.HttpMethod;

/** GETs of one service's instance list, the discovery read clients make most, up to a limit. */
public final class LookupWorkload implements Workload {

    private final BenchRequest lookup;
    private final long limit;

    public LookupWorkload(String service, long limit) {
        this(service, false, limit);
    }

    /** @param stale read with {@code ?stale}: any replica answers, not only the leader */
    public LookupWorkload(String service, boolean stale, long limit) {
        this(new BenchRequest(HttpMethod.GET, "/v1/services/" + service + (stale ? "?stale" : ""), null), limit);
    }

    private LookupWorkload(BenchRequest lookup, long limit) {
        this.lookup = lookup;
        this.limit = limit;
    }

    /**
     * The same service read through the Consul-compatible API as Consul clients discover it:
     * {@code GET /v1/health/service/{service}?passing} (its passing instances with node and checks).
     */
    public static LookupWorkload consulHealth(String service, long limit) {
        return new LookupWorkload(new BenchRequest(HttpMethod.GET, "/v1/health/service/" + service + "?passing", null),
                limit);
    }

    @Override
    public BenchRequest request(long seq) {
        return seq < limit ? lookup : null;
    }
}
