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
        this.lookup = new BenchRequest(HttpMethod.GET, "/v1/services/" + service + (stale ? "?stale" : ""), null);
        this.limit = limit;
    }

    @Override
    public BenchRequest request(long seq) {
        return seq < limit ? lookup : null;
    }
}
