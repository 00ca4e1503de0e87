package io.cairn.server.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code data-dir/cluster-members}: the HTTP addresses of the cluster's members, one a line,
 * written when this node joins or forms a cluster and whenever the member list changes. Its
 * presence says "this node belongs to a cluster": such a node never forms one alone again (it
 * would split the metadata), and on a restart it finds the others here without flags.
 */
final class MemberFile {

    static final String NAME = "cluster-members";

    private final Path file;
    private List<String> written = List.of();

    MemberFile(Path dataDir) {
        this.file = dataDir.resolve(NAME);
    }

    boolean exists() {
        return Files.exists(file);
    }

    List<String> read() {
        if (!exists()) {
            return List.of();
        }
        try {
            List<String> out = new ArrayList<>();
            for (String line : Files.readAllLines(file)) {
                if (!line.isBlank()) {
                    out.add(line.trim());
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** Writes the addresses (atomically, fsynced) unless they are what was written last. */
    synchronized void write(List<String> addresses) {
        if (addresses.equals(written) && exists()) {
            return;
        }
        Path tmp = file.resolveSibling(NAME + ".tmp");
        try {
            Files.write(tmp, addresses);
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
            written = List.copyOf(addresses);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
