package io.cairn.cli;

import picocli.CommandLine.Option;

/**
 * {@code --ns}, for the commands that act within a namespace; {@code status}, which shows the
 * whole node, does not take it.
 */
final class NamespaceOption {

    @Option(names = "--ns", paramLabel = "NAMESPACE", description = "Namespace (default: default).")
    String namespace;
}
