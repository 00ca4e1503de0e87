package io.cairn.cli;

import io.cairn.api.WriteResult;
import io.cairn.client.CairnClient;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code cairn deregister}: remove one instance. */
@Command(name = "deregister", mixinStandardHelpOptions = true,
        description = "Remove an instance. Exits 1 if it is not registered.")
final class DeregisterCommand extends ClientCommand {

    @Mixin
    NamespaceOption ns;

    @Parameters(index = "0", paramLabel = "SERVICE", description = "Service name.")
    String service;

    @Parameters(index = "1", paramLabel = "ID", description = "Instance id.")
    String id;

    @Override
    void run(CairnClient registry, PrintWriter out) {
        WriteResult result = registry.deregister(ns.namespace, service, id);
        if (!printedJson(result, out)) {
            out.println("deregistered " + service + "/" + id + " (revision " + result.revision() + ")");
        }
    }
}
