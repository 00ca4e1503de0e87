package io.cairn.server.consul;

import java.util.Arrays;

/**
 * A successful Consul answer, its body already encoded (so a blocking read can tell whether its
 * result changed by comparing bytes).
 *
 * @param index the resource's index (a revision or a sum of revisions); -1 for an answer without
 *     {@code X-Consul-Index} (writes)
 * @param knownLeader {@code X-Consul-KnownLeader}: the partitions read have a leader
 * @param lastContact {@code X-Consul-LastContact}: milliseconds since the replica read heard from
 *     its leader (0 on a leader read)
 */
record ConsulReply(int status, long index, byte[] body, boolean knownLeader, long lastContact) {

    /** Not an answer: the request was handed to another node, which answers it. */
    static final ConsulReply FORWARDED = new ConsulReply(0, -1, new byte[0], false, 0);

    /** A write's answer: Consul answers an empty 200. */
    static ConsulReply written() {
        return new ConsulReply(200, -1, new byte[0], true, 0);
    }

    /** The index a client sees: never 0, since Consul's clients take 0 as "no index" and would not block. */
    long consulIndex() {
        return Math.max(1, index);
    }

    boolean sameResult(ConsulReply other) {
        return Arrays.equals(body, other.body);
    }
}
