package io.cairn.core.cluster;

import io.cairn.core.command.CorruptCommandException;
import io.cairn.core.placement.PlacementTable;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * The binary form of cluster commands (one metadata Raft entry each) and of a whole
 * {@link ClusterMap} (the metadata group's snapshot). Format version 1: {@code byte version},
 * then the body; strings are {@code writeUTF}. Part of the on-disk format: change it only by
 * adding a version.
 */
public final class ClusterCodec {

    static final int VERSION = 1;
    private static final byte JOIN = 1;
    private static final byte FAIL = 2;
    private static final byte LEAVE = 3;
    private static final byte REMOVE = 4;

    private ClusterCodec() {
    }

    public static byte[] encode(ClusterCommand command) {
        return write(out -> {
            out.writeByte(VERSION);
            if (command instanceof ClusterCommand.Join j) {
                out.writeByte(JOIN);
                out.writeUTF(j.nodeId());
                out.writeUTF(j.httpAddress());
                out.writeUTF(j.raftAddress());
            } else {
                out.writeByte(command instanceof ClusterCommand.Fail ? FAIL
                        : command instanceof ClusterCommand.Leave ? LEAVE : REMOVE);
                out.writeUTF(command.nodeId());
            }
        });
    }

    /** @throws CorruptCommandException for bytes this code did not write */
    public static ClusterCommand decodeCommand(byte[] bytes) {
        return read(bytes, in -> {
            byte tag = in.readByte();
            String id = in.readUTF();
            return switch (tag) {
                case JOIN -> new ClusterCommand.Join(id, in.readUTF(), in.readUTF());
                case FAIL -> new ClusterCommand.Fail(id);
                case LEAVE -> new ClusterCommand.Leave(id);
                case REMOVE -> new ClusterCommand.Remove(id);
                default -> throw new CorruptCommandException("unknown cluster command tag " + tag);
            };
        });
    }

    public static byte[] encode(ClusterMap map) {
        return write(out -> {
            out.writeByte(VERSION);
            out.writeInt(map.partitions());
            out.writeInt(map.replication());
            out.writeLong(map.epoch());
            out.writeInt(map.members().size());
            for (Member m : map.members().values()) {
                out.writeUTF(m.id());
                out.writeUTF(m.httpAddress());
                out.writeUTF(m.raftAddress());
                out.writeByte(m.state().ordinal());
            }
            PlacementTable t = map.placement();
            out.writeBoolean(t != null);
            if (t != null) {
                out.writeInt(t.nodes().size());
                for (String n : t.nodes()) {
                    out.writeUTF(n);
                }
                for (int p = 0; p < t.partitions(); p++) {
                    List<String> replicas = t.replicas(p);
                    out.writeByte(replicas.size());
                    for (String n : replicas) {
                        out.writeUTF(n);
                    }
                }
            }
        });
    }

    /** @throws CorruptCommandException for bytes this code did not write */
    public static ClusterMap decodeMap(byte[] bytes) {
        return read(bytes, in -> {
            int partitions = in.readInt();
            int replication = in.readInt();
            long epoch = in.readLong();
            int count = in.readInt();
            TreeMap<String, Member> members = new TreeMap<>();
            MemberState[] states = MemberState.values();
            for (int i = 0; i < count; i++) {
                String id = in.readUTF();
                String http = in.readUTF();
                String raft = in.readUTF();
                int state = in.readByte();
                if (state < 0 || state >= states.length) {
                    throw new CorruptCommandException("unknown member state " + state);
                }
                members.put(id, new Member(id, http, raft, states[state]));
            }
            PlacementTable table = null;
            if (in.readBoolean()) {
                int nodeCount = in.readInt();
                List<String> nodes = new ArrayList<>();
                for (int i = 0; i < nodeCount; i++) {
                    nodes.add(in.readUTF());
                }
                List<List<String>> replicas = new ArrayList<>();
                for (int p = 0; p < partitions; p++) {
                    int r = in.readByte();
                    List<String> holders = new ArrayList<>(r);
                    for (int i = 0; i < r; i++) {
                        holders.add(in.readUTF());
                    }
                    replicas.add(holders);
                }
                try {
                    table = PlacementTable.of(nodes, replication, replicas);
                } catch (IllegalArgumentException e) {
                    throw new CorruptCommandException("stored placement is invalid: " + e.getMessage());
                }
            }
            return new ClusterMap(partitions, replication, members, table, epoch);
        });
    }

    private interface Writer {
        void write(DataOutputStream out) throws IOException;
    }

    private interface Reader<T> {
        T read(DataInputStream in) throws IOException;
    }

    private static byte[] write(Writer writer) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            writer.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array stream does not fail
        }
        return bytes.toByteArray();
    }

    private static <T> T read(byte[] bytes, Reader<T> reader) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            int version = in.readByte();
            if (version != VERSION) {
                throw new CorruptCommandException("unknown cluster format version " + version);
            }
            T value = reader.read(in);
            if (in.available() > 0) {
                throw new CorruptCommandException(in.available() + " trailing bytes after a cluster record");
            }
            return value;
        } catch (IOException e) {
            throw new CorruptCommandException("truncated cluster record: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            // A value the records refuse (a replication of -1, a negative list size): bytes this
            // code never wrote, which the caller must meet as corruption, not as a bug.
            throw new CorruptCommandException("invalid cluster record: " + e.getMessage());
        }
    }
}
