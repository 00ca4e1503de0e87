package io.cairn.core.command;

import io.cairn.core.model.Check;
import io.cairn.core.model.CheckType;
import io.cairn.core.model.Health;
import io.cairn.core.model.Instance;
import io.cairn.core.model.Liveness;
import io.cairn.core.model.ServiceKey;
import io.cairn.core.watch.ChangeReason;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The binary form of commands (one Raft entry is a batch of them) and of their results.
 *
 * <p>Format: {@code byte version, int count, count x (byte tag, body)}. Strings are
 * {@link DataOutput#writeUTF} (all fields are far below its 64 KiB limit). The format is part
 * of the on-disk log: change it only by adding a version, and keep reading the old ones.
 * Version 1 had register and deregister with instances without liveness or health; version 2
 * (written now) adds them, a deregistration's reason, and set-health.
 */
public final class CommandCodec {

    public static final int FORMAT_VERSION = 2;
    /** The oldest version this code still reads. */
    public static final int OLDEST_VERSION = 1;

    private CommandCodec() {
    }

    /** Encodes one command; {@link #batch} joins encoded commands into one log entry. */
    public static byte[] encode(Command command) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
        try {
            write(new DataOutputStream(bytes), command);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // cannot happen: in-memory stream
        }
        return bytes.toByteArray();
    }

    /** Joins commands encoded by {@link #encode} into one batch, in order. */
    public static byte[] batch(List<byte[]> encodedCommands) {
        int size = 5;
        for (byte[] c : encodedCommands) {
            size += c.length;
        }
        byte[] out = new byte[size];
        out[0] = (byte) FORMAT_VERSION;
        int n = encodedCommands.size();
        out[1] = (byte) (n >>> 24);
        out[2] = (byte) (n >>> 16);
        out[3] = (byte) (n >>> 8);
        out[4] = (byte) n;
        int at = 5;
        for (byte[] c : encodedCommands) {
            System.arraycopy(c, 0, out, at, c.length);
            at += c.length;
        }
        return out;
    }

    public static byte[] encodeBatch(List<? extends Command> commands) {
        List<byte[]> encoded = new ArrayList<>(commands.size());
        for (Command c : commands) {
            encoded.add(encode(c));
        }
        return batch(encoded);
    }

    /**
     * Decodes a batch.
     *
     * @throws CorruptCommandException when the bytes are not a batch this version can read: the
     *     caller must stop applying rather than skip the entry
     */
    public static List<Command> decodeBatch(byte[] data) {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(data));
        try {
            int version = in.readUnsignedByte();
            if (version < OLDEST_VERSION || version > FORMAT_VERSION) {
                throw new CorruptCommandException("unknown command format version " + version);
            }
            int count = in.readInt();
            if (count < 0 || count > data.length) {
                throw new CorruptCommandException("bad command count " + count);
            }
            List<Command> commands = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                commands.add(read(in, version));
            }
            if (in.available() != 0) {
                throw new CorruptCommandException(in.available() + " trailing bytes after a command batch");
            }
            return commands;
        } catch (IOException e) {
            throw new CorruptCommandException("truncated command batch: " + e.getMessage());
        }
    }

    public static byte[] encodeResults(List<CommandResult> results) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(8 + results.size() * 9);
        DataOutputStream out = new DataOutputStream(bytes);
        try {
            out.writeInt(results.size());
            for (CommandResult r : results) {
                out.writeByte(r.outcome().ordinal());
                out.writeLong(r.revision());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public static List<CommandResult> decodeResults(byte[] data) {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(data));
        try {
            int count = in.readInt();
            if (count < 0 || count > (data.length - 4) / 9) {
                throw new CorruptCommandException("bad result count " + count);
            }
            CommandResult.Outcome[] outcomes = CommandResult.Outcome.values();
            List<CommandResult> results = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                int o = in.readUnsignedByte();
                if (o >= outcomes.length) {
                    throw new CorruptCommandException("unknown outcome " + o);
                }
                results.add(new CommandResult(outcomes[o], in.readLong()));
            }
            return results;
        } catch (IOException e) {
            throw new CorruptCommandException("truncated results: " + e.getMessage());
        }
    }

    private static void write(DataOutput out, Command command) throws IOException {
        out.writeByte(command.kind().tag());
        switch (command.kind()) {
            case REGISTER -> writeInstance(out, ((Register) command).instance());
            case DEREGISTER -> {
                Deregister d = (Deregister) command;
                writeKey(out, d.key());
                out.writeUTF(d.id());
                out.writeByte(d.reason().tag());
            }
            case SET_HEALTH -> {
                SetHealth h = (SetHealth) command;
                writeKey(out, h.key());
                out.writeUTF(h.id());
                out.writeByte(h.health().ordinal());
            }
        }
    }

    private static Command read(DataInput in, int version) throws IOException {
        int tag = in.readUnsignedByte();
        for (Command.Kind kind : Command.Kind.values()) {
            if (kind.tag() == tag && (version >= 2 || kind != Command.Kind.SET_HEALTH)) {
                return switch (kind) {
                    case REGISTER -> new Register(readInstanceBody(in, readKey(in), version));
                    case DEREGISTER -> new Deregister(readKey(in), in.readUTF(),
                            version >= 2 ? reason(in.readUnsignedByte()) : ChangeReason.REQUEST);
                    case SET_HEALTH -> new SetHealth(readKey(in), in.readUTF(), health(in.readUnsignedByte()));
                };
            }
        }
        throw new CorruptCommandException("unknown command tag " + tag + " in format version " + version);
    }

    private static ChangeReason reason(int tag) {
        ChangeReason r = ChangeReason.ofTag(tag);
        if (r == null) {
            throw new CorruptCommandException("unknown change reason " + tag);
        }
        return r;
    }

    private static Health health(int ordinal) {
        Health[] all = Health.values();
        if (ordinal >= all.length) {
            throw new CorruptCommandException("unknown health " + ordinal);
        }
        return all[ordinal];
    }

    static void writeKey(DataOutput out, ServiceKey key) throws IOException {
        out.writeUTF(key.namespace());
        out.writeUTF(key.service());
    }

    static ServiceKey readKey(DataInput in) throws IOException {
        return new ServiceKey(in.readUTF(), in.readUTF());
    }

    /** Writes an instance; shared with the snapshot format. */
    public static void writeInstance(DataOutput out, Instance i) throws IOException {
        writeKey(out, i.key());
        writeInstanceBody(out, i);
    }

    public static Instance readInstance(DataInput in) throws IOException {
        return readInstanceBody(in, readKey(in), FORMAT_VERSION);
    }

    /** Writes an instance without its service key (the snapshot writes the key once per service). */
    public static void writeInstanceBody(DataOutput out, Instance i) throws IOException {
        out.writeUTF(i.id());
        out.writeUTF(i.address());
        out.writeInt(i.port());
        out.writeInt(i.weight());
        out.writeShort(i.tags().size());
        for (String t : i.tags()) {
            out.writeUTF(t);
        }
        out.writeShort(i.meta().size());
        for (Map.Entry<String, String> e : i.meta().entrySet()) {
            out.writeUTF(e.getKey());
            out.writeUTF(e.getValue());
        }
        Liveness l = i.liveness();
        out.writeBoolean(l.ephemeral());
        out.writeLong(l.ttlMillis());
        out.writeLong(l.deregisterAfterMillis());
        out.writeByte(l.checks().size());
        for (Check c : l.checks()) {
            out.writeByte(c.type().ordinal());
            out.writeUTF(c.target());
            out.writeLong(c.intervalMillis());
            out.writeLong(c.timeoutMillis());
        }
        out.writeByte(i.health().ordinal());
    }

    /**
     * Reads an instance written by {@link #writeInstanceBody} in format {@code version}; one of
     * version 1 is persistent, passing and without checks.
     */
    public static Instance readInstanceBody(DataInput in, ServiceKey key, int version) throws IOException {
        String id = in.readUTF();
        String address = in.readUTF();
        int port = in.readInt();
        int weight = in.readInt();
        int tagCount = in.readUnsignedShort();
        List<String> tags = new ArrayList<>(tagCount);
        for (int t = 0; t < tagCount; t++) {
            tags.add(in.readUTF());
        }
        int metaCount = in.readUnsignedShort();
        Map<String, String> meta = new TreeMap<>();
        for (int m = 0; m < metaCount; m++) {
            meta.put(in.readUTF(), in.readUTF());
        }
        if (version < 2) {
            return new Instance(key, id, address, port, tags, meta, weight);
        }
        boolean ephemeral = in.readBoolean();
        long ttl = in.readLong();
        long deregisterAfter = in.readLong();
        int checkCount = in.readUnsignedByte();
        List<Check> checks = new ArrayList<>(checkCount);
        CheckType[] types = CheckType.values();
        for (int c = 0; c < checkCount; c++) {
            int type = in.readUnsignedByte();
            if (type >= types.length) {
                throw new CorruptCommandException("unknown check type " + type);
            }
            checks.add(new Check(types[type], in.readUTF(), in.readLong(), in.readLong()));
        }
        Health health = health(in.readUnsignedByte());
        return new Instance(key, id, address, port, tags, meta, weight,
                new Liveness(ephemeral, ttl, deregisterAfter, checks), health);
    }
}
