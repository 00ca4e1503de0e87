package io.cairn.cli;

import picocli.CommandLine.Command;

/** {@code cairn acl}: policies and tokens of a registry with ACLs on (docs/security.md). */
@Command(name = "acl", mixinStandardHelpOptions = true,
        description = "Manage access control: policies and tokens (needs a token with the admin right).",
        subcommands = {AclPolicyCommand.class, AclTokenCommand.class})
final class AclCommand {
}
