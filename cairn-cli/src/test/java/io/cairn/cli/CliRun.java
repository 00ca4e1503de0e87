package io.cairn.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/**
 * One {@code cairn} command line run in this JVM through {@link Main#run}: its exit code and what
 * it printed. The CLI tests' one way to run a command.
 */
record CliRun(int code, String out, String err) {

    static CliRun cairn(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new CliRun(code, out.toString(), err.toString());
    }
}
