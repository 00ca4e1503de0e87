package io.cairn.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The benchmarks measure the server as users run it: {@link BenchServer#DEFAULT_JVM_OPTIONS} and
 * its environment are the {@code ./cairn} launcher's for {@code cairn server}, word for word.
 */
class LauncherOptionsTest {

    private static final Pattern SERVER_OPTS = Pattern.compile("opts=\"\\$\\{CAIRN_JVM_OPTS:-([^}]*)}\"");
    private static final Pattern ARENAS = Pattern.compile("MALLOC_ARENA_MAX=\"\\$\\{MALLOC_ARENA_MAX:-(\\d+)}\"");

    @Test
    void theBenchServerRunsWithTheLaunchersOptions() throws IOException {
        // Surefire runs in the module's directory; the launcher is at the repository's root.
        String launcher = Files.readString(Path.of("..", "cairn"));
        Matcher opts = SERVER_OPTS.matcher(launcher);
        assertThat(opts.find()).as("the launcher's default CAIRN_JVM_OPTS").isTrue();
        assertThat(String.join(" ", BenchServer.DEFAULT_JVM_OPTIONS)).isEqualTo(opts.group(1));

        Matcher arenas = ARENAS.matcher(launcher);
        assertThat(arenas.find()).as("the launcher's MALLOC_ARENA_MAX").isTrue();
        assertThat(BenchServer.program(BenchServer.DEFAULT_JVM_OPTIONS).environment())
                .containsEntry("MALLOC_ARENA_MAX", arenas.group(1));
    }
}
