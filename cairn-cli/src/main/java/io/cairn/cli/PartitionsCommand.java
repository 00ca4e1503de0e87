package io.cairn.cli;

import io.cairn.api.ClusterPartition;
import io.cairn.api.ClusterPartitions;
import io.cairn.api.ReplicaStatus;
import io.cairn.client.CairnClient;
import java.io.PrintWriter;
import picocli.CommandLine.Command;

/** {@code cairn partitions}: where each partition's replicas are, and who leads it. */
@Command(name = "partitions", mixinStandardHelpOptions = true,
        description = "Show each partition's leader, term, replicas (with their applied index) and placement.")
final class PartitionsCommand extends ClientCommand {

    @Override
    void run(CairnClient registry, PrintWriter out) {
        ClusterPartitions table = registry.partitions();
        if (printedJson(table, out)) {
            return;
        }
        Table rows = new Table("PARTITION", "LEADER", "TERM", "REPLICAS (APPLIED)", "PLACEMENT");
        for (ClusterPartition p : table.partitions()) {
            StringBuilder replicas = new StringBuilder();
            for (ReplicaStatus r : p.replicas()) {
                replicas.append(replicas.length() == 0 ? "" : " ").append(r.node()).append('(')
                        .append(r.appliedIndex() < 0 ? "?" : Long.toString(r.appliedIndex())).append(')');
            }
            rows.row(p.partition(), p.leader() == null ? "NONE" : p.leader(), p.term(), replicas,
                    String.join(",", p.placement()));
        }
        rows.print(out);
    }
}
