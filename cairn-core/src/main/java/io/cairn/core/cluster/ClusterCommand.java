package io.cairn.core.cluster;

/**
 * A change of the cluster's metadata, applied in log order by {@link ClusterMap#apply}. Every
 * command is idempotent: applying it to a map it already describes changes nothing.
 */
public sealed interface ClusterCommand {

    /** The node this command is about. */
    String nodeId();

    /**
     * A node joins, or a known one comes back or reports new addresses. A new or failed node
     * takes its share of replicas; a node that is alive or leaving keeps its placement.
     */
    record Join(String nodeId, String httpAddress, String raftAddress) implements ClusterCommand {
    }

    /** An alive node was unreachable beyond the grace period: its replicas go to the others. */
    record Fail(String nodeId) implements ClusterCommand {
    }

    /** A node asked to leave: its replicas go to the others, then it is {@link Remove}d. */
    record Leave(String nodeId) implements ClusterCommand {
    }

    /** A node that holds no replica any more is forgotten. */
    record Remove(String nodeId) implements ClusterCommand {
    }
}
