package io.cairn.core.cluster;

import io.cairn.core.acl.Access;
import io.cairn.core.acl.AclTable;
import io.cairn.core.acl.AclToken;
import io.cairn.core.acl.Policy;
import io.cairn.core.acl.ServiceRule;
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
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The binary form of cluster commands (one metadata Raft entry each) and of a whole
 * {@link ClusterMap} (the metadata group's snapshot). Format version 1: {@code byte version},
 * then the body; strings are {@code writeUTF}. Part of the on-disk format: change it only by
 * adding a version or a command tag. Commands are version 1 (the access-control commands are
 * new tags); a map is version 2, version 1 plus the access-control table at its end, and a
 * version 1 map (written before access control) still reads, with an empty table.
 */
public final class ClusterCodec {

    static final int VERSION = 1;
    private static final byte JOIN = 1;
    private static final byte FAIL = 2;
    private static final byte LEAVE = 3;
    private static final byte REMOVE = 4;
    private static final byte PUT_POLICY = 5;
    private static final byte DELETE_POLICY = 6;
    private static final byte PUT_TOKEN = 7;
    private static final byte DELETE_TOKEN = 8;
    static final int MAP_VERSION = 2;

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
            } else if (command instanceof ClusterCommand.MemberCommand m) {
                out.writeByte(command instanceof ClusterCommand.Fail ? FAIL
                        : command instanceof ClusterCommand.Leave ? LEAVE : REMOVE);
                out.writeUTF(m.nodeId());
            } else if (command instanceof ClusterCommand.PutPolicy p) {
                out.writeByte(PUT_POLICY);
                writePolicy(out, p.policy());
            } else if (command instanceof ClusterCommand.DeletePolicy d) {
                out.writeByte(DELETE_POLICY);
                out.writeUTF(d.name());
            } else if (command instanceof ClusterCommand.PutToken t) {
                out.writeByte(PUT_TOKEN);
                writeToken(out, t.token());
            } else if (command instanceof ClusterCommand.DeleteToken d) {
                out.writeByte(DELETE_TOKEN);
                out.writeUTF(d.accessorId());
            } else {
                throw new IllegalStateException("unknown cluster command " + command);
            }
        });
    }

    /** @throws CorruptCommandException for bytes this code did not write */
    public static ClusterCommand decodeCommand(byte[] bytes) {
        return read(bytes, VERSION, (in, version) -> {
            byte tag = in.readByte();
            return switch (tag) {
                case JOIN -> new ClusterCommand.Join(in.readUTF(), in.readUTF(), in.readUTF());
                case FAIL -> new ClusterCommand.Fail(in.readUTF());
                case LEAVE -> new ClusterCommand.Leave(in.readUTF());
                case REMOVE -> new ClusterCommand.Remove(in.readUTF());
                case PUT_POLICY -> new ClusterCommand.PutPolicy(readPolicy(in));
                case DELETE_POLICY -> new ClusterCommand.DeletePolicy(in.readUTF());
                case PUT_TOKEN -> new ClusterCommand.PutToken(readToken(in));
                case DELETE_TOKEN -> new ClusterCommand.DeleteToken(in.readUTF());
                default -> throw new CorruptCommandException("unknown cluster command tag " + tag);
            };
        });
    }

    public static byte[] encode(ClusterMap map) {
        return write(out -> {
            out.writeByte(MAP_VERSION);
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
            AclTable acl = map.acl();
            out.writeInt(acl.policies().size());
            for (Policy p : acl.policies().values()) {
                writePolicy(out, p);
            }
            out.writeInt(acl.tokens().size());
            for (AclToken token : acl.tokens().values()) {
                writeToken(out, token);
            }
        });
    }

    /** @throws CorruptCommandException for bytes this code did not write */
    public static ClusterMap decodeMap(byte[] bytes) {
        return read(bytes, MAP_VERSION, (in, version) -> {
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
            AclTable acl = AclTable.EMPTY;
            if (version >= 2) {
                SortedMap<String, Policy> policies = new TreeMap<>();
                for (int i = in.readInt(); i > 0; i--) {
                    Policy p = readPolicy(in);
                    policies.put(p.name(), p);
                }
                SortedMap<String, AclToken> tokens = new TreeMap<>();
                for (int i = in.readInt(); i > 0; i--) {
                    AclToken t = readToken(in);
                    tokens.put(t.accessorId(), t);
                }
                try {
                    acl = new AclTable(policies, tokens);
                } catch (IllegalArgumentException e) {
                    throw new CorruptCommandException("stored access-control table is invalid: " + e.getMessage());
                }
            }
            return new ClusterMap(partitions, replication, members, table, epoch, acl);
        });
    }

    private static void writePolicy(DataOutputStream out, Policy p) throws IOException {
        out.writeUTF(p.name());
        out.writeUTF(p.description());
        out.writeByte((p.operator() ? 1 : 0) | (p.admin() ? 2 : 0) | (p.metrics() ? 4 : 0));
        out.writeInt(p.rules().size());
        for (ServiceRule r : p.rules()) {
            out.writeUTF(r.namespace());
            out.writeUTF(r.service());
            out.writeByte(r.access().ordinal());
        }
    }

    private static Policy readPolicy(DataInputStream in) throws IOException {
        String name = in.readUTF();
        String description = in.readUTF();
        int flags = in.readByte();
        int count = in.readInt();
        if (count < 0 || count > 10_000) {
            throw new CorruptCommandException("policy with " + count + " rules");
        }
        List<ServiceRule> rules = new ArrayList<>();
        Access[] accesses = Access.values();
        try {
            for (int i = 0; i < count; i++) {
                String ns = in.readUTF();
                String service = in.readUTF();
                int access = in.readByte();
                if (access < 0 || access >= accesses.length) {
                    throw new CorruptCommandException("unknown access " + access);
                }
                rules.add(new ServiceRule(ns, service, accesses[access]));
            }
            return new Policy(name, description, rules, (flags & 1) != 0, (flags & 2) != 0, (flags & 4) != 0);
        } catch (IllegalArgumentException e) {
            throw new CorruptCommandException("invalid policy: " + e.getMessage());
        }
    }

    private static void writeToken(DataOutputStream out, AclToken t) throws IOException {
        out.writeUTF(t.accessorId());
        out.writeUTF(t.secretHash());
        out.writeUTF(t.description());
        out.writeInt(t.policies().size());
        for (String p : t.policies()) {
            out.writeUTF(p);
        }
    }

    private static AclToken readToken(DataInputStream in) throws IOException {
        String accessor = in.readUTF();
        String hash = in.readUTF();
        String description = in.readUTF();
        int count = in.readInt();
        if (count < 0 || count > 10_000) {
            throw new CorruptCommandException("token with " + count + " policies");
        }
        List<String> policies = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            policies.add(in.readUTF());
        }
        try {
            return new AclToken(accessor, hash, description, policies);
        } catch (IllegalArgumentException e) {
            throw new CorruptCommandException("invalid token: " + e.getMessage());
        }
    }

    private interface Writer {
        void write(DataOutputStream out) throws IOException;
    }

    private interface Reader<T> {
        T read(DataInputStream in, int version) throws IOException;
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

    /** Reads a record of any version from 1 to {@code newest}. */
    private static <T> T read(byte[] bytes, int newest, Reader<T> reader) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            int version = in.readByte();
            if (version < VERSION || version > newest) {
                throw new CorruptCommandException("unknown cluster format version " + version);
            }
            T value = reader.read(in, version);
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
