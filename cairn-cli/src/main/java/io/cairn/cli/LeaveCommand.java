package io.cairn.cli;

import io.cairn.api.ClusterMember;
import io.cairn.client.CairnClient;
import io.cairn.client.RegistryUnreachableException;
import java.io.PrintWriter;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code cairn leave}: the node at {@code --address} (or {@code --node}) leaves the cluster: its
 * replicas and leaderships move to the others, it is removed from the members, and it stops.
 */
@Command(name = "leave", mixinStandardHelpOptions = true,
        description = "Make a node leave the cluster: its replicas and leaderships move away, then it stops.")
final class LeaveCommand extends ClientCommand {

    @Option(names = "--node", paramLabel = "ID",
            description = "The node to remove (default: the node at --address).")
    String node;

    @Option(names = "--wait", paramLabel = "SECONDS", defaultValue = "300",
            description = "How long to wait for the node to be drained and removed (default 300; 0: do not wait).")
    long waitSeconds;

    /**
     * Without {@code --node} the node at {@code --address} leaves, so only that address is asked
     * (never another member, which would leave instead); with it, any member may take the request.
     */
    @Override
    boolean followsMembers() {
        return node != null;
    }

    @Override
    void run(CairnClient registry, PrintWriter out) {
        String leaving = node != null ? node : registry.status().node();
        long deadline = System.nanoTime() + Duration.ofSeconds(waitSeconds).toNanos();
        askToLeave(registry, leaving, deadline);
        out.println("node " + leaving + " is leaving: moving its replicas and leaderships to the other members");
        out.flush();
        while (waitSeconds > 0) {
            try {
                boolean present = false;
                for (ClusterMember m : registry.members().members()) {
                    present |= m.id().equals(leaving);
                }
                if (!present) {
                    out.println("node " + leaving + " left the cluster");
                    return;
                }
            } catch (RegistryUnreachableException e) {
                // the node stopped once drained, and was the only address given: it is gone
                out.println("node " + leaving + " left the cluster and stopped");
                return;
            } catch (io.cairn.client.CairnClientException e) {
                if (e.status() != 503) {
                    throw e;
                }
                // the metadata leader is moving (the leaving node may have led it): ask again
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("node " + leaving + " was still a member after " + waitSeconds
                        + " s; see `cairn partitions` for the replicas still on it");
            }
            if (!pause()) {
                return;
            }
        }
    }

    /**
     * Asks for the leave, again while the answer is a 503 and the wait allows: the metadata
     * group may be between leaders (a member that just left may have led it), and a leave
     * asked twice is recorded once.
     */
    private static void askToLeave(CairnClient registry, String leaving, long deadline) {
        while (true) {
            try {
                registry.leave(leaving);
                return;
            } catch (io.cairn.client.CairnClientException e) {
                if (e.status() != 503 || System.nanoTime() > deadline || !pause()) {
                    throw e;
                }
            }
        }
    }

    /** Half a second between two questions; false when interrupted. */
    private static boolean pause() {
        try {
            Thread.sleep(500); // a CLI polling a registry, not a test
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
