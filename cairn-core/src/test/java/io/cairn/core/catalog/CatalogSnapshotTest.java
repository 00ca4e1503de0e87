package io.cairn.core.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.core.command.Command;
import io.cairn.core.command.CorruptCommandException;
import io.cairn.core.command.Deregister;
import io.cairn.core.command.Register;
import io.cairn.core.model.SampleInstances;
import io.cairn.core.model.ServiceKey;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class CatalogSnapshotTest {

    private static final ServiceKey API = new ServiceKey("default", "api");

    @Test
    void roundTripsARandomCatalogWithAllRevisionsAndTombstones() throws IOException {
        PartitionCatalog original = new PartitionCatalog();
        original.applyAll(RandomCommands.generate(21, 5_000, 4, 6));
        original.apply(new Register(SampleInstances.largest()));
        original.apply(new Register(SampleInstances.of(new ServiceKey("gone", "svc"), "z")));
        original.apply(new Deregister(new ServiceKey("gone", "svc"), "z"));
        assertThat(original.services()).as("tombstones present").anyMatch(ServiceState::isEmpty);

        PartitionCatalog restored = roundTrip(original);

        assertThat(CatalogContent.of(restored)).isEqualTo(CatalogContent.of(original));
        for (ServiceState s : original.services()) {
            assertThat(restored.service(s.key()).revision()).isEqualTo(s.revision());
        }
        assertThat(restored.instanceCount()).isEqualTo(original.instanceCount());
    }

    /** Restoring must be invisible: a restored replica answers the next commands exactly like one that never restarted. */
    @Test
    void aRestoredCatalogContinuesExactlyLikeTheOriginal() throws IOException {
        PartitionCatalog original = new PartitionCatalog();
        original.applyAll(RandomCommands.generate(22, 3_000, 3, 5));
        PartitionCatalog restored = roundTrip(original);

        List<Command> more = RandomCommands.generate(23, 3_000, 3, 5);
        assertThat(restored.applyAll(more)).isEqualTo(original.applyAll(more));
        assertThat(CatalogContent.of(restored)).isEqualTo(CatalogContent.of(original));
    }

    @Test
    void aRestoredTombstoneKeepsRevisionsMovingForward() throws IOException {
        PartitionCatalog original = new PartitionCatalog();
        original.apply(new Register(SampleInstances.of("a")));
        original.apply(new Register(SampleInstances.of(API, "x")));
        long removedAt = original.apply(new Deregister(SampleInstances.WEB, "a")).revision();

        PartitionCatalog restored = roundTrip(original);

        assertThat(restored.service(SampleInstances.WEB).isEmpty()).isTrue();
        assertThat(restored.service(SampleInstances.WEB).revision()).isEqualTo(removedAt);
        assertThat(restored.apply(new Register(SampleInstances.of("a"))).revision()).isGreaterThan(removedAt);
    }

    @Test
    void roundTripsAnEmptyCatalog() throws IOException {
        PartitionCatalog restored = roundTrip(new PartitionCatalog());
        assertThat(restored.services()).isEmpty();
        assertThat(restored.revision()).isZero();
        assertThat(restored.listRevision()).isZero();
    }

    @Test
    void readingReplacesWhatTheCatalogHeld() throws IOException {
        PartitionCatalog source = new PartitionCatalog();
        source.apply(new Register(SampleInstances.of(API, "x")));
        PartitionCatalog target = new PartitionCatalog();
        target.applyAll(RandomCommands.generate(24, 200, 3, 3));

        CatalogSnapshot.read(input(bytesOf(source)), target);

        assertThat(CatalogContent.of(target)).isEqualTo(CatalogContent.of(source));
    }

    @Test
    void restoredInstancesShareTheirServicesKeyObject() throws IOException {
        PartitionCatalog original = new PartitionCatalog();
        original.apply(new Register(SampleInstances.of("a")));
        original.apply(new Register(SampleInstances.of("b")));

        ServiceState web = roundTrip(original).service(SampleInstances.WEB);

        assertThat(web.instances()).allSatisfy(i -> assertThat(i.key()).isSameAs(web.key()));
    }

    /** The header is on disk in every snapshot: magic "CAIRNCAT", version 2, then the two revisions. */
    @Test
    void headerIsPinned() throws IOException {
        PartitionCatalog catalog = new PartitionCatalog();
        catalog.apply(new Register(SampleInstances.of("a")));
        catalog.apply(new Register(SampleInstances.withPort(SampleInstances.of("a"), 1)));

        ByteBuffer bytes = ByteBuffer.wrap(bytesOf(catalog));

        byte[] magic = new byte[8];
        bytes.get(magic);
        assertThat(new String(magic, StandardCharsets.US_ASCII)).isEqualTo("CAIRNCAT");
        assertThat(bytes.getInt()).as("version").isEqualTo(2);
        assertThat(bytes.getLong()).as("revision").isEqualTo(2);
        assertThat(bytes.getLong()).as("list revision").isEqualTo(1);
        assertThat(bytes.getInt()).as("services").isEqualTo(1);
    }

    @Test
    void rejectsBytesThatAreNotASnapshot() throws IOException {
        byte[] bytes = bytesOf(sample());
        bytes[0] ^= 1;
        PartitionCatalog target = sample();
        CatalogContent before = CatalogContent.of(target);

        assertThatThrownBy(() -> CatalogSnapshot.read(input(bytes), target))
                .isInstanceOf(CorruptCommandException.class)
                .hasMessage("not a catalog snapshot");
        assertThat(CatalogContent.of(target)).isEqualTo(before);
    }

    @Test
    void rejectsAnUnknownVersion() throws IOException {
        byte[] bytes = bytesOf(sample());
        bytes[11] = 3;
        assertThatThrownBy(() -> CatalogSnapshot.read(input(bytes), new PartitionCatalog()))
                .isInstanceOf(CorruptCommandException.class)
                .hasMessage("unknown snapshot version 3");
    }

    /** Snapshots taken before health existed still load, as persistent passing instances. */
    @Test
    void readsAVersion1Snapshot() throws IOException {
        java.io.ByteArrayOutputStream raw = new java.io.ByteArrayOutputStream();
        java.io.DataOutputStream out = new java.io.DataOutputStream(raw);
        out.writeLong(0x434149524e434154L);
        out.writeInt(1);
        out.writeLong(5); // revision
        out.writeLong(4); // list revision
        out.writeInt(1); // services
        out.writeUTF("default");
        out.writeUTF("web");
        out.writeLong(5);
        out.writeInt(1);
        out.writeUTF("a"); // a version 1 instance body: no liveness, no health
        out.writeUTF("10.0.0.1");
        out.writeInt(8080);
        out.writeInt(100);
        out.writeShort(0);
        out.writeShort(0);
        PartitionCatalog target = new PartitionCatalog();
        CatalogSnapshot.read(input(raw.toByteArray()), target);
        assertThat(target.revision()).isEqualTo(5);
        assertThat(target.service(SampleInstances.WEB).revision()).isEqualTo(5);
        assertThat(target.service(SampleInstances.WEB).instances()).containsExactly(SampleInstances.of("a"));
    }

    @Test
    void rejectsEveryTruncationAndLeavesTheCatalogAsItWas() throws IOException {
        byte[] bytes = bytesOf(sample());
        PartitionCatalog target = new PartitionCatalog();
        target.apply(new Register(SampleInstances.of(new ServiceKey("keep", "me"), "k")));
        CatalogContent before = CatalogContent.of(target);

        for (int length = 0; length < bytes.length; length++) {
            byte[] prefix = Arrays.copyOf(bytes, length);
            assertThatThrownBy(() -> CatalogSnapshot.read(input(prefix), target))
                    .as("prefix of %d bytes", length)
                    .isInstanceOf(EOFException.class);
        }
        assertThat(CatalogContent.of(target)).isEqualTo(before);
    }

    /** A negative count is corruption; read as "no services" it would silently empty the partition. */
    @Test
    void rejectsANegativeServiceCount() throws IOException {
        byte[] bytes = bytesOf(sample());
        ByteBuffer.wrap(bytes).putInt(8 + 4 + 8 + 8, -1);
        PartitionCatalog target = sample();

        assertThatThrownBy(() -> CatalogSnapshot.read(input(bytes), target))
                .isInstanceOf(CorruptCommandException.class);
        assertThat(CatalogContent.of(target)).isEqualTo(CatalogContent.of(sample()));
    }

    /** A count read from the bytes must not size an allocation before the data proves it. */
    @Test
    void rejectsAHugeOrNegativeInstanceCountWithoutAllocatingForIt() throws IOException {
        PartitionCatalog one = new PartitionCatalog();
        one.apply(new Register(SampleInstances.of("a")));
        byte[] bytes = bytesOf(one);
        // header (8 + 4 + 8 + 8 + 4), key ("default", "web" with their 2-byte lengths), revision (8)
        int instanceCountAt = 32 + 2 + 7 + 2 + 3 + 8;
        for (int count : new int[] {Integer.MAX_VALUE, -1}) {
            ByteBuffer.wrap(bytes).putInt(instanceCountAt, count);
            assertThatThrownBy(() -> CatalogSnapshot.read(input(bytes), new PartitionCatalog()))
                    .as("instance count %d", count)
                    .isInstanceOfAny(CorruptCommandException.class, EOFException.class);
        }
    }

    private static PartitionCatalog sample() {
        PartitionCatalog catalog = new PartitionCatalog();
        catalog.apply(new Register(SampleInstances.withTags(SampleInstances.of("a"), List.of("t"))));
        catalog.apply(new Register(SampleInstances.of(API, "x")));
        catalog.apply(new Register(SampleInstances.of(API, "y")));
        catalog.apply(new Deregister(API, "x"));
        catalog.apply(new Register(SampleInstances.of(new ServiceKey("gone", "svc"), "z")));
        catalog.apply(new Deregister(new ServiceKey("gone", "svc"), "z"));
        return catalog;
    }

    private static PartitionCatalog roundTrip(PartitionCatalog original) throws IOException {
        PartitionCatalog restored = new PartitionCatalog();
        CatalogSnapshot.read(input(bytesOf(original)), restored);
        return restored;
    }

    private static byte[] bytesOf(PartitionCatalog catalog) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            CatalogSnapshot.write(catalog, new DataOutputStream(bytes));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static DataInputStream input(byte[] bytes) {
        return new DataInputStream(new ByteArrayInputStream(bytes));
    }
}
