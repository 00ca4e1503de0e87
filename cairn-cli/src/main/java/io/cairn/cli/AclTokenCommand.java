package io.cairn.cli;

import io.cairn.api.AclTokenView;
import io.cairn.client.CairnClient;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code cairn acl token create|list|delete|rotate|self}. */
@Command(name = "token", mixinStandardHelpOptions = true,
        description = {"Tokens: create --policy NAME... [--description TEXT], list, delete ACCESSOR, rotate ACCESSOR,",
                "self. create and rotate print the secret once; the registry keeps only its hash."})
final class AclTokenCommand extends ClientCommand {

    @Parameters(index = "0", paramLabel = "ACTION", description = "create, list, delete, rotate or self")
    String action;

    @Parameters(index = "1", arity = "0..1", paramLabel = "ACCESSOR", description = "The token's accessor id (delete, rotate).")
    String accessor;

    @Option(names = "--policy", paramLabel = "NAME", description = "A policy of the new token; repeatable.")
    List<String> policies = new ArrayList<>();

    @Option(names = "--description", paramLabel = "TEXT")
    String description;

    @Override
    void run(CairnClient registry, PrintWriter out) {
        switch (action) {
            case "create" -> secret(registry.acl().createToken(description, policies), out);
            case "rotate" -> secret(registry.acl().rotateToken(required()), out);
            case "delete" -> {
                registry.acl().deleteToken(required());
                out.println("token " + accessor + " revoked");
            }
            case "self" -> {
                AclTokenView self = registry.acl().self();
                if (!printedJson(self, out)) {
                    out.println(self.accessorId() + " " + String.join(",", self.policies()));
                }
            }
            case "list" -> {
                List<AclTokenView> all = registry.acl().tokens();
                if (printedJson(all, out)) {
                    return;
                }
                Table table = new Table("ACCESSOR", "POLICIES", "DESCRIPTION");
                for (AclTokenView t : all) {
                    table.row(t.accessorId(), t.policies().isEmpty() ? "-" : String.join(",", t.policies()),
                            t.description().isEmpty() ? "-" : t.description());
                }
                table.print(out);
            }
            default -> throw new IllegalArgumentException("ACTION must be create, list, delete, rotate or self, got "
                    + action);
        }
    }

    private void secret(AclTokenView token, PrintWriter out) {
        if (printedJson(token, out)) {
            return;
        }
        out.println("accessor " + token.accessorId());
        out.println("secret   " + token.secret() + "   (shown once)");
    }

    private String required() {
        if (accessor == null) {
            throw new IllegalArgumentException(action + " needs the token's ACCESSOR id");
        }
        return accessor;
    }
}
