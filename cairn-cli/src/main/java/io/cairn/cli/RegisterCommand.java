package io.cairn.cli;

import io.cairn.api.InstanceRequest;
import io.cairn.api.WriteResult;
import io.cairn.client.CairnClient;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code cairn register}: insert or update one instance. */
@Command(name = "register", mixinStandardHelpOptions = true,
        description = "Register an instance, or update it if the id exists. Without --id the registry generates one.")
final class RegisterCommand extends ClientCommand {

    @Parameters(index = "0", paramLabel = "SERVICE", description = "Service name.")
    String service;

    @Option(names = "--id", paramLabel = "ID", description = "Instance id (generated when absent).")
    String id;

    @Option(names = "--host", required = true, paramLabel = "HOST",
            description = "The instance's address: IPv4, IPv6 or DNS name.")
    String host;

    @Option(names = "--port", required = true, paramLabel = "PORT", description = "The instance's port, 1-65535.")
    int port;

    @Option(names = "--tag", paramLabel = "TAG", description = "A tag; repeat for several.")
    List<String> tags = new ArrayList<>();

    @Option(names = "--meta", paramLabel = "KEY=VALUE", description = "A metadata entry; repeat for several.")
    Map<String, String> meta = new LinkedHashMap<>();

    @Option(names = "--weight", paramLabel = "0-10000", description = "Load-balancing weight (default 100).")
    Integer weight;

    @Override
    void run(CairnClient registry, PrintWriter out) {
        InstanceRequest body = new InstanceRequest(host, port, tags, meta, weight);
        WriteResult result = id == null
                ? registry.registerWithGeneratedId(client.namespace, service, body)
                : registry.register(client.namespace, service, id, body);
        if (!printedJson(result, out)) {
            out.println((result.changed() ? "registered " : "unchanged ") + service + "/" + result.id()
                    + " (revision " + result.revision() + ")");
        }
    }
}
