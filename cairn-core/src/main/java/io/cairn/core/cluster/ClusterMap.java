package io.cairn.core.cluster;

import io.cairn.core.acl.AclTable;
import io.cairn.core.placement.PlacementTable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The cluster's metadata at one point of the metadata log: immutable, and equal on every replica
 * that applied the same commands.
 *
 * <p>Invariants: the placement table's nodes are exactly the {@link MemberState#ALIVE} members
 * (or the table is null while there is none); the epoch grows by one with every command that
 * changes anything, and only then.
 *
 * @param partitions the partition count, fixed when the cluster was created
 * @param replication the wanted replicas per partition (the table holds fewer while there are fewer members)
 * @param members every known member by id
 * @param placement where each partition's replicas belong; null before the first member joined
 * @param epoch how many changes this map has seen (membership and access control alike)
 * @param acl the cluster's policies and tokens
 */
public record ClusterMap(int partitions, int replication, SortedMap<String, Member> members, PlacementTable placement,
        long epoch, AclTable acl) {

    public ClusterMap {
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be at least 1, got " + partitions);
        }
        if (replication < 1) {
            throw new IllegalArgumentException("replication must be at least 1, got " + replication);
        }
        members = Collections.unmodifiableSortedMap(new TreeMap<>(Objects.requireNonNull(members, "members")));
        Objects.requireNonNull(acl, "acl");
    }

    /** An empty cluster: no members yet, epoch 0. */
    public static ClusterMap empty(int partitions, int replication) {
        return new ClusterMap(partitions, replication, new TreeMap<>(), null, 0, AclTable.EMPTY);
    }

    /**
     * What applying a command did.
     *
     * @param map the map after the command (the same map when it was refused or changed nothing)
     * @param refusal why the command was refused, or null
     */
    public record Applied(ClusterMap map, String refusal) {
    }

    /** Applies a command; deterministic, and never throws for a well-formed command. */
    public Applied apply(ClusterCommand command) {
        if (!(command instanceof ClusterCommand.MemberCommand member)) {
            return applyAcl(command);
        }
        Member known = members.get(member.nodeId());
        // Java 17 has no pattern switch: an if-chain over the sealed interface, ending in a
        // failure for a command this code does not know (it would make replicas diverge).
        if (command instanceof ClusterCommand.Join j) {
            return join(j, known);
        } else if (command instanceof ClusterCommand.Fail f) {
            return known == null || known.state() != MemberState.ALIVE ? unchanged()
                    : alive().size() == 1 ? refused("node " + f.nodeId() + " is the last alive member")
                    : changed(with(known.withState(MemberState.FAILED)), placement.withoutNode(f.nodeId()));
        } else if (command instanceof ClusterCommand.Leave l) {
            if (known == null) {
                return refused("node " + l.nodeId() + " is not a member");
            }
            if (known.state() == MemberState.LEAVING) {
                return unchanged();
            }
            if (known.state() == MemberState.ALIVE && alive().size() == 1) {
                return refused("node " + l.nodeId() + " is the last member; a cluster needs one");
            }
            return changed(with(known.withState(MemberState.LEAVING)),
                    known.state() == MemberState.ALIVE ? placement.withoutNode(l.nodeId()) : placement);
        } else if (command instanceof ClusterCommand.Remove r) {
            return known == null ? unchanged()
                    : known.state() == MemberState.ALIVE ? refused("node " + r.nodeId() + " is alive; it must leave first")
                    : changed(without(r.nodeId()), placement);
        }
        throw new IllegalStateException("unknown cluster command " + command);
    }

    private Applied applyAcl(ClusterCommand command) {
        AclTable next;
        if (command instanceof ClusterCommand.PutPolicy p) {
            next = acl.with(p.policy());
        } else if (command instanceof ClusterCommand.DeletePolicy d) {
            next = acl.withoutPolicy(d.name());
        } else if (command instanceof ClusterCommand.PutToken t) {
            try {
                next = acl.with(t.token());
            } catch (IllegalArgumentException e) {
                return refused(e.getMessage());
            }
        } else if (command instanceof ClusterCommand.DeleteToken d) {
            next = acl.withoutToken(d.accessorId());
        } else {
            throw new IllegalStateException("unknown cluster command " + command);
        }
        return next.equals(acl) ? unchanged()
                : new Applied(new ClusterMap(partitions, replication, members, placement, epoch + 1, next), null);
    }

    private Applied join(ClusterCommand.Join j, Member known) {
        Member joined = new Member(j.nodeId(), j.httpAddress(), j.raftAddress(), MemberState.ALIVE);
        if (known != null && known.equals(joined)) {
            return unchanged();
        }
        if (known != null && known.state() == MemberState.LEAVING) {
            // A leaving node that restarts keeps leaving; only its addresses may change.
            return changed(with(new Member(j.nodeId(), j.httpAddress(), j.raftAddress(), MemberState.LEAVING)),
                    placement);
        }
        PlacementTable table = placement;
        if (known == null || known.state() == MemberState.FAILED) {
            table = table == null ? PlacementTable.initial(List.of(j.nodeId()), partitions, replication)
                    : table.withNode(j.nodeId());
        }
        return changed(with(joined), table);
    }

    /** The members that hold replicas. */
    public List<Member> alive() {
        List<Member> out = new ArrayList<>();
        for (Member m : members.values()) {
            if (m.state() == MemberState.ALIVE) {
                out.add(m);
            }
        }
        return out;
    }

    /** The member with this id, or null. */
    public Member member(String id) {
        return members.get(id);
    }

    private SortedMap<String, Member> with(Member m) {
        SortedMap<String, Member> next = new TreeMap<>(members);
        next.put(m.id(), m);
        return next;
    }

    private SortedMap<String, Member> without(String id) {
        SortedMap<String, Member> next = new TreeMap<>(members);
        next.remove(id);
        return next;
    }

    private Applied changed(SortedMap<String, Member> nextMembers, PlacementTable nextPlacement) {
        return new Applied(new ClusterMap(partitions, replication, nextMembers, nextPlacement, epoch + 1, acl), null);
    }

    private Applied unchanged() {
        return new Applied(this, null);
    }

    private Applied refused(String why) {
        return new Applied(this, why);
    }
}
