package io.cairn.server.raft;

import io.cairn.api.LocalGroup;
import java.util.ArrayList;
import java.util.List;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.DivisionInfo;
import org.apache.ratis.server.RaftServer;

/**
 * What this node says of one of its group replicas: its voters, and the {@link LocalGroup} that
 * {@code GET /v1/cluster/local} reports and the cluster's controller decides from. Pure reads of
 * a division's state; {@link RaftNode} finds the divisions.
 */
final class ReplicaReport {

    private ReplicaReport() {
    }

    /** The voters of a group as this replica knows them (empty without one). */
    static List<GroupAdmin.Peer> peers(RaftServer.Division d) {
        List<GroupAdmin.Peer> out = new ArrayList<>();
        if (d != null) {
            for (RaftPeer p : d.getRaftConf().getCurrentPeers()) {
                out.add(new GroupAdmin.Peer(p.getId().toString(), p.getAddress()));
            }
        }
        return out;
    }

    /** @param partition the partition number, -1 for the metadata group */
    static LocalGroup of(int partition, RaftServer.Division d) {
        DivisionInfo info = d.getInfo();
        List<String> peers = new ArrayList<>();
        for (GroupAdmin.Peer p : peers(d)) {
            peers.add(p.id());
        }
        RaftPeerId leader = info.getLeaderId();
        return new LocalGroup(partition,
                info.getCurrentRole() == null ? "STARTING" : info.getCurrentRole().name(),
                leader == null ? null : leader.toString(), info.getCurrentTerm(), info.getLastAppliedIndex(), peers,
                info.isLeaderReady() && settled(d));
    }

    /**
     * True when the group's latest configuration is committed and not a joint one. Until then a
     * leader is reported not ready: the controller takes no further step on the group, and a
     * cluster whose groups are still changing is not reported converged (a group whose third
     * replica is only being added still needs both of its first two to elect a leader).
     */
    private static boolean settled(RaftServer.Division d) {
        var conf = d.getRaftConf();
        return conf.getPreviousPeers().isEmpty() && conf.getLogEntryIndex() <= d.getRaftLog().getLastCommittedIndex();
    }
}
