package io.cairn.cli;

import io.cairn.client.CairnClientException;
import io.cairn.client.RegistryUnreachableException;
import io.cairn.cli.tls.TlsCommand;
import io.cairn.server.CairnServer;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code cairn} root command. */
@Command(name = "cairn", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Cairn service registry: run a node, or talk to one.",
        subcommands = {ServerCommand.class, RegisterCommand.class, DeregisterCommand.class, ServicesCommand.class,
                InstancesCommand.class, StatusCommand.class, WatchCommand.class, MembersCommand.class,
                PartitionsCommand.class, LeaveCommand.class, ExportCommand.class, ImportCommand.class, AclCommand.class, TlsCommand.class,
                CommandLine.HelpCommand.class})
public final class Main {

    public static final int OK = 0;
    public static final int REFUSED = 1;
    public static final int USAGE = 2;
    public static final int UNREACHABLE = 3;

    public static void main(String[] args) {
        int code = run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true), true);
        System.exit(code);
    }

    /**
     * Runs one command line and returns its exit code; the testable entry point. Installs no
     * signal handlers: {@code cairn watch} run this way stops when its thread is interrupted.
     */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        return run(args, out, err, false);
    }

    /** @param process whether this is the process's own command line, which may take over signals */
    private static int run(String[] args, PrintWriter out, PrintWriter err, boolean process) {
        CommandLine cli = new CommandLine(new Main());
        ServerCommand.addSettingOptions(cli.getSubcommands().get("server").getCommandSpec());
        if (process) {
            ((WatchCommand) cli.getSubcommands().get("watch").getCommand()).stopOnSignals();
        }
        cli.setOut(out);
        cli.setErr(err);
        cli.setParameterExceptionHandler(Main::badArguments);
        cli.setExecutionExceptionHandler((e, line, parsed) -> {
            line.getErr().println("error: " + describe(e));
            return exitCode(e);
        });
        return cli.execute(args);
    }

    /**
     * Picocli's own handling of bad arguments (message, suggestions or usage, exit code 2), with
     * its message for a malformed KEY=VALUE option mended: it reads "option option '--meta'".
     */
    private static int badArguments(CommandLine.ParameterException ex, String[] args) {
        CommandLine line = ex.getCommandLine();
        PrintWriter err = line.getErr();
        err.println(ex.getMessage().replace("option option", "option"));
        if (!CommandLine.UnmatchedArgumentException.printSuggestions(ex, err)) {
            line.usage(err);
        }
        return line.getCommandSpec().exitCodeOnInvalidInput();
    }

    static int exitCode(Exception e) {
        if (e instanceof RegistryUnreachableException) {
            return UNREACHABLE;
        }
        if (e instanceof IllegalArgumentException) {
            return USAGE;
        }
        return REFUSED;
    }

    static String describe(Exception e) {
        if (e instanceof CairnClientException c) {
            return c.getMessage();
        }
        if (e instanceof RegistryUnreachableException) {
            return e.getMessage() + " (is `cairn server` running? set --address or CAIRN_ADDRESS)";
        }
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }

    /** Prints the version the jar was built as. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"cairn " + CairnServer.VERSION};
        }
    }
}
