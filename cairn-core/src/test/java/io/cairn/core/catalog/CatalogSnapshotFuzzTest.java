package io.cairn.core.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.cairn.core.command.CorruptCommandException;
import io.cairn.core.command.Register;
import io.cairn.core.model.SampleInstances;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UTFDataFormatException;

/**
 * Fuzz target for the snapshot reader (a snapshot file on disk, or one a leader installs).
 * Contract: {@link CatalogSnapshot#read} either restores a catalog that writes back to a snapshot
 * reading to the same content, or fails with {@link CorruptCommandException} or, for bytes that
 * end early or hold broken modified UTF-8, {@link EOFException} / {@link UTFDataFormatException};
 * and a failed read leaves the catalog exactly as it was (nothing half-restored).
 */
class CatalogSnapshotFuzzTest {

    @FuzzTest(maxDuration = "2m")
    void read(byte[] snapshot) throws IOException {
        PartitionCatalog catalog = new PartitionCatalog();
        catalog.apply(new Register(SampleInstances.of("before")));
        CatalogContent before = CatalogContent.of(catalog);
        try {
            CatalogSnapshot.read(new DataInputStream(new ByteArrayInputStream(snapshot)), catalog);
        } catch (CorruptCommandException | EOFException | UTFDataFormatException expected) {
            assertThat(CatalogContent.of(catalog)).isEqualTo(before);
            return;
        }
        ByteArrayOutputStream again = new ByteArrayOutputStream();
        CatalogSnapshot.write(catalog, new DataOutputStream(again));
        PartitionCatalog copy = new PartitionCatalog();
        CatalogSnapshot.read(new DataInputStream(new ByteArrayInputStream(again.toByteArray())), copy);
        assertThat(CatalogContent.of(copy)).isEqualTo(CatalogContent.of(catalog));
    }
}
