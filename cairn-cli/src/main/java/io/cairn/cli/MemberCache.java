package io.cairn.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The cluster members a command learned, kept between runs of the CLI, so that a CLI pointed at
 * one node still reaches the others after that node dies.
 *
 * <p>One file per target (the {@code --address} text as given), named by a hash of it, in the
 * cache directory: one member HTTP address ({@code http://host:port}) per line. Its modification
 * time says when it was learned. The file is only a hint: a missing, unreadable or stale file
 * costs one {@code GET /v1/cluster/members}, and a cached address that no longer answers is
 * skipped like any other dead address. Written atomically (temporary file, then a move), so a
 * concurrent run reads the old list or the new one, never half of one; a failed write is ignored.
 */
final class MemberCache {

    private final Path file;

    /**
     * @param dir the cache directory
     * @param target the address text the user gave, which the learned members belong to
     */
    MemberCache(Path dir, String target) {
        this.file = dir.resolve("members-" + hash(target));
    }

    /** The cached member addresses; empty when there is no readable file. */
    List<String> addresses() {
        try {
            List<String> out = new ArrayList<>();
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    out.add(line.trim());
                }
            }
            return out;
        } catch (IOException e) {
            return List.of();
        }
    }

    /** True when the file is missing, or was written longer than {@code maxAge} before {@code now}. */
    boolean stale(Instant now, Duration maxAge) {
        try {
            FileTime written = Files.getLastModifiedTime(file);
            return written.toInstant().plus(maxAge).isBefore(now);
        } catch (IOException e) {
            return true;
        }
    }

    /** Replaces the cached list; gives up silently when the directory cannot be written. */
    void store(List<String> addresses) {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
            Files.write(tmp, addresses, StandardCharsets.UTF_8);
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException | SecurityException e) {
            // A read-only home or cache directory: the CLI works, it only cannot remember the members.
        }
    }

    Path file() {
        return file;
    }

    private static String hash(String target) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(target.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
