package io.cairn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The members a CLI keeps between runs: one file per target, a hint that never fails a command. */
class MemberCacheTest {

    @TempDir
    Path dir;

    @Test
    void keepsTheMembersOfEachTargetApartAndSaysWhenTheyAreStale() throws Exception {
        MemberCache one = new MemberCache(dir.resolve("cache"), "10.0.0.1:7470");
        MemberCache other = new MemberCache(dir.resolve("cache"), "10.0.0.9:7470");
        assertThat(one.addresses()).isEmpty();
        assertThat(one.stale(Instant.now(), Duration.ofSeconds(30))).as("no file yet").isTrue();

        one.store(List.of("http://10.0.0.1:7470", "http://10.0.0.2:7470"));
        assertThat(one.addresses()).containsExactly("http://10.0.0.1:7470", "http://10.0.0.2:7470");
        assertThat(other.addresses()).as("another target's list is its own").isEmpty();

        Instant written = Instant.parse("2026-01-01T00:00:00Z");
        Files.setLastModifiedTime(one.file(), FileTime.from(written));
        assertThat(one.stale(written.plusSeconds(29), Duration.ofSeconds(30))).isFalse();
        assertThat(one.stale(written.plusSeconds(31), Duration.ofSeconds(30))).isTrue();

        one.store(List.of("http://10.0.0.3:7470"));
        assertThat(one.addresses()).as("replaced whole").containsExactly("http://10.0.0.3:7470");
        try (var files = Files.list(dir.resolve("cache"))) {
            assertThat(files.toList()).as("no temporary file left behind").hasSize(1);
        }
    }

    @Test
    void aCacheThatCannotBeWrittenIsOnlyForgotten() throws Exception {
        Path notADirectory = Files.writeString(dir.resolve("file"), "x");
        MemberCache cache = new MemberCache(notADirectory, "10.0.0.1:7470");
        cache.store(List.of("http://10.0.0.2:7470"));
        assertThat(cache.addresses()).isEmpty();
    }
}
