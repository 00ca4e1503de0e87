package io.cairn.server.raft;

import io.cairn.server.config.ServerConfig;
import java.nio.file.Path;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.server.RaftServerConfigKeys;

/**
 * The Ratis settings Cairn runs with, and why each differs from Ratis's default. Documented in
 * docs/architecture.md ("Ratis settings that matter").
 */
final class RatisSettings {

    /**
     * Largest Raft entry Cairn writes; the group-commit writer keeps batches below half of it
     * ({@code PartitionWriter.MAX_BATCH_BYTES}). Each group holds a direct write buffer of this
     * size for its whole life, so it is kept small: 17 groups x 128 KiB (at 512 KiB plus 64 KiB,
     * the write buffers were 9.8 MB of an idle node's RSS).
     */
    static final int MAX_ENTRY_BYTES = 128 * 1024;

    private RatisSettings() {
    }

    static RaftProperties build(ServerConfig config, Path storageDir, int raftPort) {
        RaftProperties p = new RaftProperties();
        p.set("raft.server.storage.dir", storageDir.toString());
        // Ratis's gRPC transport, with the leader's log appenders recorded for CommitNotices.
        p.set("raft.rpc.type", NoticingGrpc.class.getName());
        p.set("raft.grpc.server.host", config.bind());
        p.set("raft.grpc.server.port", Integer.toString(raftPort));
        // Ratis's 150-300 ms election timeouts flap on a busy 2-core machine; Cairn uses 1-2 s.
        long min = config.electionTimeoutMin().toMillis();
        p.set("raft.server.rpc.timeout.min", min + "ms");
        p.set("raft.server.rpc.timeout.max", (2 * min) + "ms");
        // A node that starts alone elects itself quickly instead of waiting a full timeout.
        p.set("raft.server.rpc.first-election.timeout.min", "200ms");
        p.set("raft.server.rpc.first-election.timeout.max", "400ms");
        // Each group allocates a direct write buffer of this size (8 MB by default) at start, idle
        // or not: keep it small, since a node hosts many groups. Ratis requires it to exceed the
        // appender's byte limit (the largest entry, and the most a follower gets in one append)
        // by 8 bytes: a length and a checksum.
        p.set("raft.server.log.appender.buffer.byte-limit", Integer.toString(MAX_ENTRY_BYTES));
        p.set("raft.server.log.write.buffer.size", Integer.toString(MAX_ENTRY_BYTES + 8));
        // Bounded segments and a small in-memory segment cache, so memory and disk stay flat.
        // The cache holds log entries in memory (for followers that lag); a node hosts many
        // groups, so it is bounded to 1 MB per group (Ratis allows 2 x 8 MB segments by default).
        p.set("raft.server.log.segment.size.max", "512KB");
        p.set("raft.server.log.preallocated.size", "512KB");
        p.set("raft.server.log.segment.cache.num.max", "2");
        p.set("raft.server.log.segment.cache.size.max", "1MB");
        // Ratis otherwise appends a metadata entry recording the commit index after commits:
        // an extra log write and fsync per group commit. The commit index is recovered at start
        // by the leader committing an entry of its new term, so nothing acknowledged is lost.
        p.set("raft.server.log.log-metadata.enabled", "false");
        // Snapshots every N entries, and the log purged up to them, so logs shrink.
        p.set("raft.server.snapshot.auto.trigger.enabled", "true");
        p.set("raft.server.snapshot.auto.trigger.threshold", Long.toString(config.snapshotEveryEntries()));
        p.set("raft.server.snapshot.retention.file.num", "2");
        p.set("raft.server.log.purge.upto.snapshot.index", "true");
        p.set("raft.server.log.purge.gap", "256");
        // On 2 cores, composing append-entries started a thread per follower append.
        p.set("raft.server.log.append-entries.compose.enabled", "false");
        // Ratis keeps each entry's reply for this long to answer a client that retries the same
        // call id. Cairn's writer never retries one (the reply reaches it through the pending
        // request, whether or not the cache still has it), so a short time is enough; at 5 s the
        // cache held about 7 MB of replies after a burst of 5,000 writes/s.
        p.set("raft.server.retrycache.expirytime", "1s");
        // Read-only requests (the read barrier of ?consistent reads) use Raft's read index: the
        // leader confirms with a majority that it still leads and takes its commit index, a
        // follower asks the leader for it, and the request waits until that index is applied.
        // Writes are unaffected. Leases stay off: they trade safety for a round trip on clock bounds.
        RaftServerConfigKeys.Read.setOption(p, RaftServerConfigKeys.Read.Option.LINEARIZABLE);
        RaftServerConfigKeys.Read.setLeaderLeaseEnabled(p, false);
        // Never acknowledge before the entry is on disk (this is Ratis's default; stated here
        // because durability depends on it).
        p.set("raft.server.log.unsafe-flush.enabled", "false");
        p.set("raft.server.log.async-flush.enabled", "false");
        return p;
    }
}
