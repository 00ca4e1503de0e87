package io.cairn.cli;

import io.cairn.api.NodeStatus;
import io.cairn.api.PartitionStatus;
import io.cairn.client.CairnClient;
import java.io.PrintWriter;
import picocli.CommandLine.Command;

/** {@code cairn status}: the node and its partitions. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show the node's version and id, and each partition's leader, role and revision.")
final class StatusCommand extends ClientCommand {

    /** Only the given address: the status of the node at --address, not of another. */
    @Override
    boolean followsMembers() {
        return false;
    }

    @Override
    void run(CairnClient registry, PrintWriter out) {
        NodeStatus status = registry.status();
        if (printedJson(status, out)) {
            return;
        }
        out.println("cairn " + status.version() + "  node " + status.node() + "  partitions "
                + status.partitionCount());
        Table table = new Table("PARTITION", "LEADER", "ROLE", "REVISION", "APPLIED", "SERVICES", "INSTANCES");
        for (PartitionStatus p : status.partitions()) {
            table.row(p.partition(), shown(p.leader()), p.role(), shown(p.revision()), shown(p.appliedIndex()),
                    shown(p.services()), shown(p.instances()));
        }
        table.print(out);
    }

    /** "-" for a leader there is none of, and for counts the token may not see (ACLs, docs/security.md). */
    private static Object shown(Object value) {
        return value == null ? "-" : value;
    }
}
