package io.cairn.cli;

import io.cairn.api.ClusterMember;
import io.cairn.api.ClusterMembers;
import io.cairn.client.CairnClient;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Command;

/** {@code cairn members}: the cluster's members, from any node. */
@Command(name = "members", mixinStandardHelpOptions = true,
        description = "Show the cluster's members: id, addresses, state, and the partitions each holds and leads.")
final class MembersCommand extends ClientCommand {

    @Override
    void run(CairnClient registry, PrintWriter out) {
        ClusterMembers members = registry.members();
        if (printedJson(members, out)) {
            return;
        }
        out.println("epoch " + members.epoch() + "  metadata leader " + members.metaLeader() + "  partitions "
                + members.partitionCount() + "  replication " + members.replication());
        Table table = new Table("NODE", "HTTP", "RAFT", "STATE", "REACHABLE", "HELD", "LED");
        for (ClusterMember m : members.members()) {
            table.row(m.id(), m.http(), m.raft(), m.state(), m.reachable() ? "yes" : "no", list(m.held()),
                    list(m.led()));
        }
        table.print(out);
    }

    /** "0-3,7" style: partition lists get long on big clusters. */
    static String list(List<Integer> partitions) {
        if (partitions.isEmpty()) {
            return "-";
        }
        StringBuilder out = new StringBuilder();
        int start = partitions.get(0);
        int prev = start;
        for (int i = 1; i <= partitions.size(); i++) {
            int next = i < partitions.size() ? partitions.get(i) : Integer.MIN_VALUE;
            if (next != prev + 1) {
                out.append(out.length() == 0 ? "" : ",").append(start == prev ? "" + start : start + "-" + prev);
                start = next;
            }
            prev = next;
        }
        return out.toString();
    }
}
