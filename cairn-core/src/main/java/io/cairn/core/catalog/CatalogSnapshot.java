package io.cairn.core.catalog;

import io.cairn.core.command.CommandCodec;
import io.cairn.core.command.CorruptCommandException;
import io.cairn.core.model.Instance;
import io.cairn.core.model.ServiceKey;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The binary snapshot of a {@link PartitionCatalog}: {@code magic "CAIRNCAT", int version,
 * long revision, long listRevision, int services, per service (key, long revision, int n,
 * n instances)}. The caller owns the stream and its checksum.
 */
public final class CatalogSnapshot {

    private static final long MAGIC = 0x434149524e434154L; // "CAIRNCAT"
    /** Version 2 writes instances in command format 2 (liveness and health); 1 is still read. */
    private static final int VERSION = 2;

    private CatalogSnapshot() {
    }

    /**
     * Writes the catalog. Called on the apply thread (or while it is paused), so the content
     * does not move underneath.
     */
    public static void write(PartitionCatalog catalog, DataOutput out) throws IOException {
        out.writeLong(MAGIC);
        out.writeInt(VERSION);
        out.writeLong(catalog.revision());
        out.writeLong(catalog.listRevision());
        out.writeInt(catalog.services().size());
        for (ServiceState s : catalog.services()) {
            out.writeUTF(s.key().namespace());
            out.writeUTF(s.key().service());
            out.writeLong(s.revision());
            out.writeInt(s.size());
            for (Instance i : s.instances()) {
                CommandCodec.writeInstanceBody(out, i);
            }
        }
    }

    /** Reads a snapshot into the catalog, replacing what it held. */
    public static void read(DataInput in, PartitionCatalog into) throws IOException {
        if (in.readLong() != MAGIC) {
            throw new CorruptCommandException("not a catalog snapshot");
        }
        int version = in.readInt();
        if (version < 1 || version > VERSION) {
            throw new CorruptCommandException("unknown snapshot version " + version);
        }
        long revision = in.readLong();
        long listRevision = in.readLong();
        int count = in.readInt();
        if (count < 0) {
            throw new CorruptCommandException("bad service count " + count);
        }
        Map<ServiceKey, ServiceState> services = new HashMap<>();
        for (int s = 0; s < count; s++) {
            ServiceKey key = new ServiceKey(in.readUTF(), in.readUTF());
            long serviceRevision = in.readLong();
            int n = in.readInt();
            if (n < 0) {
                throw new CorruptCommandException("bad instance count " + n);
            }
            // Grown as instances arrive, not sized by a count the bytes have not yet proven.
            List<Instance> instances = new ArrayList<>(Math.min(n, 1024));
            for (int i = 0; i < n; i++) {
                instances.add(CommandCodec.readInstanceBody(in, key, version));
            }
            services.put(key, new ServiceState(key, serviceRevision, instances.toArray(new Instance[0])));
        }
        into.restore(revision, listRevision, services);
    }
}
