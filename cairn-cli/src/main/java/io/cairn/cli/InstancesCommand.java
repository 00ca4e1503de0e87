package io.cairn.cli;

import io.cairn.api.InstanceView;
import io.cairn.api.ServiceInstances;
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

/** {@code cairn instances}: one service's instances. */
@Command(name = "instances", mixinStandardHelpOptions = true,
        description = "List a service's instances, optionally only those with every given tag and metadata entry.")
final class InstancesCommand extends ClientCommand {

    @Mixin
    NamespaceOption ns;

    @Parameters(index = "0", paramLabel = "SERVICE", description = "Service name.")
    String service;

    @Option(names = "--tag", paramLabel = "TAG", description = "Only instances with this tag; repeatable.")
    List<String> tags = new ArrayList<>();

    @Option(names = "--meta", paramLabel = "KEY=VALUE", description = "Only instances with this metadata entry; repeatable.")
    Map<String, String> meta = new LinkedHashMap<>();

    @Option(names = "--passing", description = "Only instances whose health is passing.")
    boolean passing;

    @Override
    void run(CairnClient registry, PrintWriter out) {
        ServiceInstances answer = registry.instances(ns.namespace, service, tags, meta);
        if (passing) {
            answer = new ServiceInstances(answer.namespace(), answer.service(), answer.revision(),
                    answer.instances().stream().filter(InstanceView::passing).toList());
        }
        if (printedJson(answer, out)) {
            return;
        }
        out.println(answer.service() + " (namespace " + answer.namespace() + ", revision " + answer.revision() + ")");
        Table table = new Table("ID", "ADDRESS", "PORT", "WEIGHT", "HEALTH", "KIND", "TAGS", "META");
        for (InstanceView i : answer.instances()) {
            table.row(i.id(), i.address(), i.port(), i.weight(), i.health(),
                    i.ephemeral() ? "ephemeral(" + i.ttl() + ")" : "persistent", String.join(",", i.tags()),
                    metaText(i.meta()));
        }
        table.print(out);
    }

    private static String metaText(Map<String, String> meta) {
        List<String> parts = new ArrayList<>();
        meta.forEach((k, v) -> parts.add(k + "=" + v));
        return String.join(",", parts);
    }
}
