package io.cairn.api;

import java.util.List;

/**
 * What keeps one instance alive, from the memory of its partition's leader: nothing of it is
 * written through Raft, so after a change of leader it starts over.
 *
 * @param id the instance
 * @param heartbeatAgeMillis for an ephemeral instance, milliseconds since its last heartbeat (or
 *     since this leader took over, which gives every lease a fresh TTL); null for a persistent one
 * @param checks one entry per check, in the instance's order; empty without checks
 */
public record InstanceLiveness(String id, Long heartbeatAgeMillis, List<CheckStatus> checks) {
}
