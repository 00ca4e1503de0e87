package io.cairn.server.cluster;

import io.cairn.api.ClusterMember;
import io.cairn.api.ClusterMembers;
import io.cairn.api.LocalGroup;
import io.cairn.api.LocalReport;
import io.cairn.core.cluster.ClusterMap;
import io.cairn.core.cluster.Member;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The members as one {@link Controller} round's reports show them, for
 * {@code GET /v1/cluster/members}: each member of the metadata with whether it reported this
 * round, and the partitions it holds and leads by its own report. The partitions' side is
 * {@link RoundTable}.
 */
final class RoundMembers {

    private RoundMembers() {
    }

    /** @param self this node's id, the one that answers */
    static ClusterMembers answer(ClusterMap map, Map<String, LocalReport> reports, String self) {
        List<ClusterMember> out = new ArrayList<>();
        for (Member m : map.members().values()) {
            List<Integer> held = new ArrayList<>();
            List<Integer> led = new ArrayList<>();
            LocalReport r = reports.get(m.id());
            if (r != null) {
                for (LocalGroup g : r.groups()) {
                    if (g.partition() >= 0) {
                        held.add(g.partition());
                        if ("LEADER".equals(g.role())) {
                            led.add(g.partition());
                        }
                    }
                }
            }
            out.add(new ClusterMember(m.id(), m.httpAddress(), m.raftAddress(),
                    m.state().name().toLowerCase(Locale.ROOT), r != null, held, led));
        }
        return new ClusterMembers(map.epoch(), self, map.partitions(), map.replication(), out);
    }
}
