package io.cairn.cli;

import io.cairn.api.CheckDefinition;
import io.cairn.api.InstanceRequest;
import io.cairn.api.WriteResult;
import io.cairn.client.CairnClient;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code cairn register}: insert or update one instance. */
@Command(name = "register", mixinStandardHelpOptions = true,
        description = "Register an instance, or update it if the id exists. Without --id the registry generates one.")
final class RegisterCommand extends ClientCommand {

    @Mixin
    NamespaceOption ns;

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

    @Option(names = "--check-http", paramLabel = "URL|PATH",
            description = "Add an HTTP check: a URL, or a path probed on the instance's own address and port; repeatable.")
    List<String> httpChecks = new ArrayList<>();

    @Option(names = "--check-tcp", paramLabel = "HOST:PORT", description = "Add a TCP check of HOST:PORT; repeatable.")
    List<String> tcpChecks = new ArrayList<>();

    @Option(names = "--check-port", description = "Add a TCP check of the instance's own address and port.")
    boolean portCheck;

    @Option(names = "--check-interval", paramLabel = "DURATION",
            description = "Interval of the checks given here, e.g. 5s (default 10s).")
    String checkInterval;

    @Option(names = "--deregister-after", paramLabel = "DURATION",
            description = "Remove the instance once its checks have been critical this long, e.g. 10m.")
    String deregisterAfter;

    @Override
    void run(CairnClient registry, PrintWriter out) {
        List<CheckDefinition> checks = new ArrayList<>();
        for (String h : httpChecks) {
            checks.add(h.startsWith("/") ? new CheckDefinition("http", null, h, null, checkInterval, null)
                    : new CheckDefinition("http", h, null, null, checkInterval, null));
        }
        for (String t : tcpChecks) {
            checks.add(new CheckDefinition("tcp", null, null, t, checkInterval, null));
        }
        if (portCheck) {
            checks.add(new CheckDefinition("tcp", null, null, null, checkInterval, null));
        }
        // Persistent: a CLI process does not stay to send heartbeats (the Java client registers ephemeral instances).
        InstanceRequest body = new InstanceRequest(host, port, tags, meta, weight, null, null, deregisterAfter,
                checks.isEmpty() ? null : checks);
        WriteResult result = id == null
                ? registry.registerWithGeneratedId(ns.namespace, service, body)
                : registry.register(ns.namespace, service, id, body);
        if (!printedJson(result, out)) {
            out.println((result.changed() ? "registered " : "unchanged ") + service + "/" + result.id()
                    + " (revision " + result.revision() + ")");
        }
    }
}
