package io.cairn.cli;

import io.cairn.api.InstanceView;
import io.cairn.api.ServiceInstances;
import io.cairn.api.WatchEvent;
import io.cairn.api.WatchState;
import io.cairn.client.CairnClient;
import io.cairn.client.RegistryUnreachableException;
import io.cairn.client.WatchListener;
import java.io.PrintWriter;
import java.util.concurrent.ThreadLocalRandom;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code cairn watch}: prints a service's state, then each change as it happens. Reconnects by
 * itself (resuming from the last revision it printed) while the registry is down or restarting,
 * with jittered exponential backoff up to 5 s; stops on Ctrl-C.
 */
@Command(name = "watch", mixinStandardHelpOptions = true,
        description = {"Print a service's instances, then every change as it happens, until Ctrl-C.",
                "Reconnects by itself and resumes where it left off; --once prints the state and exits."})
final class WatchCommand extends ClientCommand {

    @Parameters(index = "0", paramLabel = "SERVICE", description = "Service name.")
    String service;

    @Option(names = "--since", paramLabel = "REVISION",
            description = "Start after this revision: print only later changes (or the state, if they are gone).")
    Long since;

    @Option(names = "--once", description = "Print the current state and exit (exit code 3 if unreachable).")
    boolean once;

    @Override
    void run(CairnClient registry, PrintWriter out) {
        if (once) {
            ServiceInstances now = registry.instances(client.namespace, service, java.util.List.of(), java.util.Map.of());
            if (!printedJson(now, out)) {
                out.println(now.revision() + " state " + service + ": " + now.instances().size() + " instances");
                now.instances().forEach(i -> out.println("  " + describe(i)));
            }
            out.flush();
            return;
        }
        long[] last = {since == null ? -1 : since};
        WatchListener printer = new WatchListener() {
            @Override
            public void onState(WatchState state) {
                last[0] = state.revision();
                if (!printedJson(state, out)) {
                    out.println(state.revision() + (state.reset() ? " reset " : " state ") + service + ": "
                            + state.instances().size() + " instances");
                    state.instances().forEach(i -> out.println("  " + describe(i)));
                }
                out.flush();
            }

            @Override
            public void onChange(WatchEvent event) {
                last[0] = event.revision();
                if (!printedJson(event, out)) {
                    out.println(event.revision() + " " + event.kind() + " " + describe(event.instance()));
                }
                out.flush();
            }
        };
        PrintWriter err = spec.commandLine().getErr();
        long backoffMs = 100;
        boolean down = false;
        while (!Thread.currentThread().isInterrupted()) {
            try {
                registry.watch(client.namespace, service, last[0], printer);
                if (down) {
                    err.println("note: reconnected to " + registry.address());
                    down = false;
                }
                backoffMs = 100;
            } catch (RegistryUnreachableException e) {
                if (!down) {
                    err.println("note: " + e.getMessage() + "; retrying");
                    err.flush();
                    down = true;
                }
                backoffMs = Math.min(5000, backoffMs * 2);
            }
            pause(backoffMs + ThreadLocalRandom.current().nextLong(backoffMs / 5 + 1));
        }
    }

    /** Waits before reconnecting; an interrupt (the command is being stopped) ends the wait. */
    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String describe(InstanceView i) {
        StringBuilder s = new StringBuilder(i.service()).append('/').append(i.id()).append(' ').append(i.address())
                .append(':').append(i.port());
        if (!i.tags().isEmpty()) {
            s.append(" tags=").append(String.join(",", i.tags()));
        }
        if (!i.meta().isEmpty()) {
            StringBuilder m = new StringBuilder();
            i.meta().forEach((k, v) -> m.append(m.length() == 0 ? "" : ",").append(k).append('=').append(v));
            s.append(" meta=").append(m);
        }
        if (i.weight() != 100) {
            s.append(" weight=").append(i.weight());
        }
        return s.toString();
    }
}
