package io.cairn.cli.tls;

import picocli.CommandLine.Command;

/** {@code cairn tls}: certificates for a test cluster. */
@Command(name = "tls", mixinStandardHelpOptions = true,
        description = "Make a CA and node certificates for a test or small cluster (PEM files).",
        subcommands = {TlsCaCommand.class, TlsCertCommand.class})
public final class TlsCommand {
}
