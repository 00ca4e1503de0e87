package io.cairn.cli;

import io.cairn.client.CairnClient;
import io.cairn.client.Endpoints;
import io.cairn.client.WatchOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** Options shared by every command that talks to a running registry. */
final class ClientOptions {

    @Option(names = "--address", paramLabel = "URL",
            defaultValue = "${env:CAIRN_ADDRESS:-" + CairnClient.DEFAULT_ADDRESS + "}",
            description = "Registry HTTP address, or several separated by commas: a node that cannot be reached "
                    + "is skipped for the next (env CAIRN_ADDRESS; default ${DEFAULT-VALUE}).")
    String address;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "10",
            description = "Per-request timeout in seconds (default ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Option(names = "--json", description = "Print the registry's JSON answer (re-indented) instead of a table.")
    boolean json;

    CairnClient connect() {
        if (timeoutSeconds < 1) {
            throw new IllegalArgumentException("--timeout must be at least 1 second");
        }
        List<String> urls = new ArrayList<>();
        for (String a : address.split(",")) {
            String trimmed = a.trim();
            urls.add(trimmed.contains("://") ? trimmed : "http://" + trimmed);
        }
        return new CairnClient(new Endpoints(urls), Duration.ofSeconds(timeoutSeconds), WatchOptions.defaults());
    }
}
