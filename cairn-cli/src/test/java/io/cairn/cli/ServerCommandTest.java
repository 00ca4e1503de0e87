package io.cairn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.server.config.Setting;
import io.cairn.server.config.Settings;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** {@code cairn server}'s flags are generated from the settings: every one is there, with its default. */
class ServerCommandTest {

    private static String[] run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new String[] {Integer.toString(code), out.toString(), err.toString()};
    }

    @Test
    void helpListsEverySettingWithItsDefaultAndVariable() {
        String[] r = run("server", "--help");
        assertThat(r[0]).isEqualTo("0");
        String help = r[1].replaceAll("\\s+", " ");
        for (Setting<?> s : Settings.ALL) {
            // A boolean setting is also a bare flag: `--drain[=BOOLEAN]`.
            String option = "--" + s.name() + (s.label().equals("BOOLEAN") ? "[=" + s.label() + "]" : "=" + s.label());
            assertThat(help).as(s.name()).contains(option)
                    .contains("Default: " + s.defaultText()).contains(s.envName());
        }
    }

    @Test
    void everySettingIsAFlag() {
        // A bad value reaches the settings' own check, which names it: the flag was accepted.
        // (A flag picocli did not know would fail earlier, with "Unknown option".)
        for (Setting<?> s : Settings.ALL) {
            if (s.label().equals("DIR") || s.label().equals("ADDRESS") || s.label().equals("HOST") || s.label().equals("ID")
                    || s.label().equals("FILE") || s.label().equals("NAME")) {
                continue; // text settings take any value: no bad value to send
            }
            String[] r = run("server", "--" + s.name(), "x");
            assertThat(r[2]).as(s.name()).doesNotContain("Unknown option").contains(s.name() + " must be");
            assertThat(r[0]).isEqualTo(Integer.toString(Main.USAGE));
        }
    }
}
