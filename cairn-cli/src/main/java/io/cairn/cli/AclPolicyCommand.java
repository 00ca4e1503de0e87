package io.cairn.cli;

import io.cairn.api.AclPolicy;
import io.cairn.api.AclRule;
import io.cairn.client.CairnClient;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code cairn acl policy put|list|delete}. */
@Command(name = "policy", mixinStandardHelpOptions = true,
        description = {"Policies: put NAME [--rule NS:SERVICE:read|write]... [--operator] [--admin] [--metrics],",
                "list, delete NAME. SERVICE is a name, a prefix ending in *, or *; NS a namespace or *."})
final class AclPolicyCommand extends ClientCommand {

    @Parameters(index = "0", paramLabel = "ACTION", description = "put, list or delete")
    String action;

    @Parameters(index = "1", arity = "0..1", paramLabel = "NAME", description = "The policy (put, delete).")
    String name;

    @Option(names = "--rule", paramLabel = "NS:SERVICE:ACCESS", description = "A service right; repeatable.")
    List<String> rules = new ArrayList<>();

    @Option(names = "--description", paramLabel = "TEXT")
    String description;

    @Option(names = "--operator", description = "Cluster membership and the cluster endpoints.")
    boolean operator;

    @Option(names = "--admin", description = "Tokens and policies.")
    boolean admin;

    @Option(names = "--metrics", description = "GET /metrics.")
    boolean metrics;

    @Override
    void run(CairnClient registry, PrintWriter out) {
        switch (action) {
            case "put" -> {
                List<AclRule> parsed = new ArrayList<>();
                for (String r : rules) {
                    String[] parts = r.split(":", -1);
                    if (parts.length != 3) {
                        throw new IllegalArgumentException("--rule must be NS:SERVICE:read|write, got " + r);
                    }
                    parsed.add(new AclRule(parts[0], parts[1], parts[2]));
                }
                AclPolicy put = registry.acl().putPolicy(new AclPolicy(required(), description, parsed, operator,
                        admin, metrics));
                if (!printedJson(put, out)) {
                    out.println("policy " + put.name() + " saved");
                }
            }
            case "list" -> {
                List<AclPolicy> all = registry.acl().policies();
                if (printedJson(all, out)) {
                    return;
                }
                Table table = new Table("POLICY", "RULES", "OPERATOR", "ADMIN", "METRICS");
                for (AclPolicy p : all) {
                    List<String> shown = new ArrayList<>();
                    for (AclRule r : p.rules()) {
                        shown.add(r.namespace() + ":" + r.service() + ":" + r.access());
                    }
                    table.row(p.name(), shown.isEmpty() ? "-" : String.join(",", shown), yes(p.operator()),
                            yes(p.admin()), yes(p.metrics()));
                }
                table.print(out);
            }
            case "delete" -> {
                registry.acl().deletePolicy(required());
                out.println("policy " + name + " deleted");
            }
            default -> throw new IllegalArgumentException("ACTION must be put, list or delete, got " + action);
        }
    }

    private String required() {
        if (name == null) {
            throw new IllegalArgumentException(action + " needs the policy NAME");
        }
        return name;
    }

    private static String yes(Boolean b) {
        return Boolean.TRUE.equals(b) ? "yes" : "-";
    }
}
