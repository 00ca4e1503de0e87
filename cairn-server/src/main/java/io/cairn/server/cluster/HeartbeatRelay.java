package io.cairn.server.cluster;

import io.cairn.api.HeartbeatRequest;
import io.cairn.api.HeartbeatResult;
import io.cairn.api.InstanceRef;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Sends the part of a heartbeat batch that other nodes lead to those leaders: leases live in the
 * memory of each partition's leader, so a batch naming instances of many partitions is split by
 * partition leader and each part renewed where its leases are.
 */
public final class HeartbeatRelay {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final Forwarder forwarder;
    private final String self;

    public HeartbeatRelay(Forwarder forwarder, String self) {
        this.forwarder = forwarder;
        this.self = self;
    }

    /** The HTTP address of the partition's leader elsewhere, or null when unknown (or this node). */
    public String leaderAddress(int partition) {
        return forwarder.leaderAddress(partition);
    }

    /** Renews {@code refs} on the node at {@code address}, which must lead all their partitions. */
    public CompletableFuture<HeartbeatResult> send(String address, List<InstanceRef> refs) {
        Buffer body;
        try {
            body = Buffer.buffer(forwarder.peers().mapper().writeValueAsBytes(new HeartbeatRequest(refs)));
        } catch (IOException e) {
            return CompletableFuture.failedFuture(e);
        }
        MultiMap headers = MultiMap.caseInsensitiveMultiMap().add("Content-Type", "application/json")
                .add(PeerClient.FORWARDED_HEADER, self);
        return forwarder.peers().send(HttpMethod.PUT, address, "/v1/heartbeat", headers, body, TIMEOUT)
                .thenApply(answer -> {
                    if (answer.status() != 200) {
                        throw new PeerException(address, answer.status(), answer.body().toString());
                    }
                    try {
                        return forwarder.peers().mapper().readValue(answer.body().getBytes(), HeartbeatResult.class);
                    } catch (IOException e) {
                        throw new PeerException(address, answer.status(), "unreadable heartbeat answer");
                    }
                });
    }
}
