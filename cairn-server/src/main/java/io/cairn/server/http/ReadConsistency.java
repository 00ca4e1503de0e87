package io.cairn.server.http;

import io.vertx.ext.web.RoutingContext;

/**
 * How fresh a read must be, from its query string (docs/api.md, "Consistency of reads").
 *
 * <ul>
 *   <li>{@link #DEFAULT}: the partition leader's applied state, served only by a ready leader.
 *   <li>{@link #STALE} ({@code ?stale}): any local replica's state at once, with how long ago it
 *       heard from its leader ({@code X-Cairn-Last-Contact}).
 *   <li>{@link #CONSISTENT} ({@code ?consistent}): linearizable; the partition's read barrier
 *       (Raft read index, a round trip to a quorum) first, then the local replica's state.
 * </ul>
 */
enum ReadConsistency {
    DEFAULT, STALE, CONSISTENT;

    /**
     * The mode a read asks for.
     *
     * @throws ApiException 400 when it asks for both {@code ?stale} and {@code ?consistent}
     */
    static ReadConsistency of(RoutingContext ctx) {
        // Through Vert.x Web's queryParam: a query string that cannot be decoded is then a 400
        // (HttpException), as for every other parameter, not an IllegalArgumentException.
        boolean stale = !ctx.queryParam("stale").isEmpty();
        boolean consistent = !ctx.queryParam("consistent").isEmpty();
        if (stale && consistent) {
            throw new ApiException(400, "invalid_query", "?consistent and ?stale cannot be used together: "
                    + "?consistent asks for a linearizable read, ?stale for any replica's state at once", null);
        }
        return consistent ? CONSISTENT : stale ? STALE : DEFAULT;
    }
}
