package io.cairn.server.storage;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Properties;
import java.util.UUID;

/**
 * A node's data directory:
 * <pre>
 *   cairn.properties   format, node id, partition count (written once, atomically)
 *   raft/              Apache Ratis storage: one folder per partition group (log + snapshots)
 * </pre>
 *
 * @param root the directory
 * @param nodeId this node's id
 * @param partitions the partition count fixed at creation
 */
public record DataDirectory(Path root, String nodeId, int partitions) {

    private static final String IDENTITY_FILE = "cairn.properties";
    private static final String FORMAT = "1";

    public Path raftDir() {
        return root.resolve("raft");
    }

    /**
     * Opens the directory, creating it on first use.
     *
     * @param requestedPartitions the configured count, or null to accept the stored one (16 when new)
     * @param requestedNodeId the configured node id, or null to accept the stored one (random when new)
     * @throws DataDirectoryException when the directory was created with other settings, or is unreadable
     */
    public static DataDirectory open(Path root, Integer requestedPartitions, String requestedNodeId,
            int defaultPartitions) {
        Path identity = root.resolve(IDENTITY_FILE);
        try {
            if (Files.exists(identity)) {
                Properties p = new Properties();
                try (Reader r = Files.newBufferedReader(identity)) {
                    p.load(r);
                }
                if (!FORMAT.equals(p.getProperty("format"))) {
                    throw new DataDirectoryException(identity + ": unknown format '" + p.getProperty("format") + "'");
                }
                int stored = Integer.parseInt(p.getProperty("partitions"));
                String storedNode = p.getProperty("node-id");
                if (requestedPartitions != null && requestedPartitions != stored) {
                    throw new DataDirectoryException("data directory " + root + " was created with " + stored
                            + " partitions; the partition count cannot change (asked for " + requestedPartitions + ")");
                }
                if (requestedNodeId != null && !requestedNodeId.equals(storedNode)) {
                    throw new DataDirectoryException("data directory " + root + " belongs to node '" + storedNode
                            + "', not '" + requestedNodeId + "'");
                }
                return new DataDirectory(root, storedNode, stored);
            }
            int partitions = requestedPartitions != null ? requestedPartitions : defaultPartitions;
            String nodeId = requestedNodeId != null ? requestedNodeId
                    : "node-" + UUID.randomUUID().toString().substring(0, 8);
            Files.createDirectories(root);
            Properties p = new Properties();
            p.setProperty("format", FORMAT);
            p.setProperty("partitions", Integer.toString(partitions));
            p.setProperty("node-id", nodeId);
            Path tmp = root.resolve(IDENTITY_FILE + ".tmp");
            try (Writer w = Files.newBufferedWriter(tmp)) {
                p.store(w, "Cairn node identity: do not edit");
            }
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            Files.move(tmp, identity, StandardCopyOption.ATOMIC_MOVE);
            return new DataDirectory(root, nodeId, partitions);
        } catch (IOException | NumberFormatException e) {
            throw new DataDirectoryException("cannot use data directory " + root + ": " + e.getMessage());
        }
    }
}
