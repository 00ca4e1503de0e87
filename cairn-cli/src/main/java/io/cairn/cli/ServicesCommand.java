package io.cairn.cli;

import io.cairn.api.ServiceList;
import io.cairn.api.ServiceSummary;
import io.cairn.client.CairnClient;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code cairn services}: the services of a namespace. */
@Command(name = "services", mixinStandardHelpOptions = true,
        description = "List the services of a namespace with their instance counts by health. Names longer than "
                + ServicesCommand.NAME_WIDTH + " characters are cut with an ellipsis; --json shows them whole.")
final class ServicesCommand extends ClientCommand {

    /** Longer names (up to 128 characters) are cut in the table; --json has them whole. */
    static final int NAME_WIDTH = 40;

    @Mixin
    NamespaceOption ns;

    @Override
    void run(CairnClient registry, PrintWriter out) {
        ServiceList list = registry.services(ns.namespace);
        if (printedJson(list, out)) {
            return;
        }
        Table table = new Table("SERVICE", "INSTANCES", "PASSING", "WARNING", "CRITICAL", "REVISION");
        for (ServiceSummary s : list.services()) {
            table.row(Table.cut(s.name(), NAME_WIDTH), s.instances(), s.passing(), s.warning(), s.critical(),
                    s.revision());
        }
        table.print(out);
    }
}
