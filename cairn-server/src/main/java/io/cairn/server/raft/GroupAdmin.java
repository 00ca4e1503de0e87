package io.cairn.server.raft;

import io.cairn.core.cluster.ClusterCodec;
import io.cairn.core.cluster.ClusterCommand;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.client.RaftClientConfigKeys;
import org.apache.ratis.conf.Parameters;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.protocol.SetConfigurationRequest;
import org.apache.ratis.retry.RetryPolicies;
import org.apache.ratis.util.TimeDuration;

/**
 * Changes the membership of Raft groups on any node of the cluster, through Ratis's admin and
 * group-management calls. Used by the cluster's controller on the metadata leader; every call
 * blocks its caller (a controller thread, never an event loop) and throws
 * {@link GroupAdminException} when Ratis refuses or does not answer in time.
 *
 * <p>A group is named by its partition number, {@link #META} for the metadata group. A peer is
 * named by its node id and Raft address ({@link Peer}), so no Ratis type leaves this package.
 */
public final class GroupAdmin {

    /** The "partition number" of the metadata group. */
    public static final int META = -1;

    /** A replica's node: its id (the Raft peer id) and Raft address. */
    public record Peer(String id, String raftAddress) {
    }

    private final RaftProperties properties = new RaftProperties();
    /** The node's gRPC TLS (see {@link RaftNode#groupAdmin()}), so admin calls present its certificate. */
    private final Parameters parameters;

    GroupAdmin(Parameters parameters) {
        this.parameters = parameters;
        // A configuration change waits for new replicas to catch up: give it time.
        RaftClientConfigKeys.Rpc.setRequestTimeout(properties, TimeDuration.valueOf(15, TimeUnit.SECONDS));
    }

    /**
     * Creates an empty replica of a group on a node: it holds no configuration and so never
     * campaigns; the group's leader fills it once {@link #setPeers} names it. The node must not
     * hold the group already (Ratis refuses, and closes the replica it has): callers check.
     */
    public void createReplica(int group, Peer target) {
        try (RaftClient client = client(group, List.of(target))) {
            RaftClientReply reply = client.getGroupManagementApi(RaftPeerId.valueOf(target.id()))
                    .add(RaftGroup.valueOf(groupId(group)));
            if (!reply.isSuccess()) {
                throw new GroupAdminException("could not create group " + group + " on " + target.id() + ": "
                        + reply.getException());
            }
        } catch (IOException e) {
            throw new GroupAdminException("could not create group " + group + " on " + target.id() + ": " + e, e);
        }
    }

    /**
     * Changes a group's voters from {@code current} to {@code next}, only if they are still
     * {@code current} (compare and set, so a controller with a stale view changes nothing).
     * Returns once the new configuration is committed; Ratis first brings new voters up to date.
     */
    public void setPeers(int group, Collection<Peer> current, Collection<Peer> next) {
        List<Peer> all = union(current, next);
        try (RaftClient client = client(group, all)) {
            RaftClientReply reply = client.admin().setConfiguration(SetConfigurationRequest.Arguments.newBuilder()
                    .setServersInCurrentConf(peers(current)).setServersInNewConf(peers(next))
                    .setMode(SetConfigurationRequest.Mode.COMPARE_AND_SET).build());
            if (!reply.isSuccess()) {
                throw new GroupAdminException("group " + group + " did not change its peers to " + ids(next) + ": "
                        + reply.getException());
            }
        } catch (IOException e) {
            throw new GroupAdminException("group " + group + " did not change its peers to " + ids(next) + ": " + e, e);
        }
    }

    /** Removes a node's replica of a group and deletes its data there. */
    public void removeReplica(int group, Peer target) {
        try (RaftClient client = client(group, List.of(target))) {
            RaftClientReply reply = client.getGroupManagementApi(RaftPeerId.valueOf(target.id()))
                    .remove(groupId(group), true, false);
            if (!reply.isSuccess() && !String.valueOf(reply.getException()).contains("not found")) {
                throw new GroupAdminException("could not remove group " + group + " from " + target.id() + ": "
                        + reply.getException());
            }
        } catch (IOException e) {
            throw new GroupAdminException("could not remove group " + group + " from " + target.id() + ": " + e, e);
        }
    }

    /** Asks a group's leader to hand leadership to {@code target}, one of {@code peers}. */
    public void transferLeader(int group, Collection<Peer> peers, String target, long timeoutMillis) {
        try (RaftClient client = client(group, List.copyOf(peers))) {
            RaftClientReply reply = client.admin().transferLeadership(RaftPeerId.valueOf(target), timeoutMillis);
            if (!reply.isSuccess()) {
                throw new GroupAdminException("group " + group + " did not move its leader to " + target + ": "
                        + reply.getException());
            }
        } catch (IOException e) {
            throw new GroupAdminException("group " + group + " did not move its leader to " + target + ": " + e, e);
        }
    }

    /**
     * Proposes a cluster command to the metadata group, whose voters are {@code metaPeers}.
     * Completes with the command's refusal, or an empty string once it is applied.
     */
    public CompletableFuture<String> submitMeta(Collection<Peer> metaPeers, ClusterCommand command) {
        RaftClient client = client(META, List.copyOf(metaPeers));
        return client.async().send(Message.valueOf(org.apache.ratis.thirdparty.com.google.protobuf.ByteString
                .copyFrom(ClusterCodec.encode(command))))
                .thenApply(reply -> {
                    if (!reply.isSuccess()) {
                        throw new GroupAdminException("the cluster metadata did not take " + command + ": "
                                + reply.getException());
                    }
                    return MetaStateMachine.refusal(reply.getMessage());
                })
                .whenComplete((r, e) -> closeQuietly(client));
    }

    private RaftClient client(int group, List<Peer> peers) {
        return RaftClient.newBuilder().setProperties(properties).setParameters(parameters)
                .setRaftGroup(RaftGroup.valueOf(groupId(group), peers(peers)))
                .setRetryPolicy(RetryPolicies.retryUpToMaximumCountWithFixedSleep(10,
                        TimeDuration.valueOf(300, TimeUnit.MILLISECONDS)))
                .build();
    }

    private static RaftGroupId groupId(int group) {
        return group == META ? RaftNode.META_GROUP : RaftNode.groupId(group);
    }

    private static List<RaftPeer> peers(Collection<Peer> peers) {
        List<RaftPeer> out = new ArrayList<>(peers.size());
        for (Peer p : peers) {
            out.add(RaftPeer.newBuilder().setId(p.id()).setAddress(p.raftAddress()).build());
        }
        return out;
    }

    private static List<Peer> union(Collection<Peer> a, Collection<Peer> b) {
        Map<String, Peer> all = new LinkedHashMap<>();
        for (Peer p : a) {
            all.put(p.id(), p);
        }
        for (Peer p : b) {
            all.put(p.id(), p);
        }
        return new ArrayList<>(all.values());
    }

    private static List<String> ids(Collection<Peer> peers) {
        List<String> out = new ArrayList<>();
        for (Peer p : peers) {
            out.add(p.id());
        }
        return out;
    }

    private static void closeQuietly(RaftClient client) {
        try {
            client.close();
        } catch (IOException e) {
            // closing a client only releases its channels; nothing to report
        }
    }
}
