package io.cairn.cli;

import io.cairn.api.ServiceList;
import io.cairn.api.ServiceSummary;
import io.cairn.client.CairnClient;
import java.io.PrintWriter;
import picocli.CommandLine.Command;

/** {@code cairn services}: the services of a namespace. */
@Command(name = "services", mixinStandardHelpOptions = true,
        description = "List the services of a namespace with their instance counts.")
final class ServicesCommand extends ClientCommand {

    @Override
    void run(CairnClient registry, PrintWriter out) {
        ServiceList list = registry.services(client.namespace);
        if (printedJson(list, out)) {
            return;
        }
        Table table = new Table("SERVICE", "INSTANCES", "REVISION");
        for (ServiceSummary s : list.services()) {
            table.row(s.name(), s.instances(), s.revision());
        }
        table.print(out);
    }
}
