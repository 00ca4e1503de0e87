package io.cairn.core.cluster;

import io.cairn.core.acl.AclToken;
import io.cairn.core.acl.Policy;

/**
 * A change of the cluster's metadata, applied in log order by {@link ClusterMap#apply}. Every
 * command is idempotent: applying it to a map it already describes changes nothing.
 */
public sealed interface ClusterCommand {

    /** A change of membership; {@code nodeId} is the node it is about. */
    sealed interface MemberCommand extends ClusterCommand {
        String nodeId();
    }

    /**
     * A node joins, or a known one comes back or reports new addresses. A new or failed node
     * takes its share of replicas; a node that is alive or leaving keeps its placement.
     */
    record Join(String nodeId, String httpAddress, String raftAddress) implements MemberCommand {
    }

    /** An alive node was unreachable beyond the grace period: its replicas go to the others. */
    record Fail(String nodeId) implements MemberCommand {
    }

    /** A node asked to leave: its replicas go to the others, then it is {@link Remove}d. */
    record Leave(String nodeId) implements MemberCommand {
    }

    /** A node that holds no replica any more is forgotten. */
    record Remove(String nodeId) implements MemberCommand {
    }

    /** Adds or replaces a policy. */
    record PutPolicy(Policy policy) implements ClusterCommand {
    }

    /** Removes a policy; tokens that name it lose its rights. */
    record DeletePolicy(String name) implements ClusterCommand {
    }

    /**
     * Adds or replaces a token (a new secret hash for a known accessor rotates it). The secret
     * arrives hashed: no secret is ever in the log. Refused when another token has the hash.
     */
    record PutToken(AclToken token) implements ClusterCommand {
    }

    /** Revokes a token. */
    record DeleteToken(String accessorId) implements ClusterCommand {
    }
}
