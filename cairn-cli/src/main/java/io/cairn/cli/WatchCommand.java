package io.cairn.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.cairn.api.InstanceView;
import io.cairn.api.ServiceInstances;
import io.cairn.api.WatchEvent;
import io.cairn.api.WatchState;
import io.cairn.client.CairnClient;
import io.cairn.client.Watch;
import io.cairn.client.WatchListener;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * {@code cairn watch}: prints a service's state, then each change as it happens, over a
 * {@link Watch} (which reconnects and resumes by itself). It runs until the thread running it
 * is interrupted: {@link Main#main} turns SIGINT and SIGTERM into that interrupt (so Ctrl-C exits
 * 0), and a test or an embedding program interrupts the thread it runs {@link Main#run} on.
 */
@Command(name = "watch", mixinStandardHelpOptions = true,
        description = {
            "Print a service's instances, then one line per change as it happens, until Ctrl-C or SIGTERM "
                    + "(exit code 0).",
            "",
            "Output: '<revision> state SERVICE: N instances' and one indented line per instance, then "
                    + "'<revision> registered|updated|deregistered SERVICE/ID HOST:PORT [tags=..] [meta=..] "
                    + "[weight=..]' per change. With --json, each event's JSON on one line (the event data "
                    + "of docs/api.md, 'Event streams').",
            "",
            "While the registry is unreachable or restarting, it keeps retrying (backoff up to 5 s) and "
                    + "prints one note to stderr per outage; when the registry is back it resumes after the "
                    + "last revision printed, so no change is lost. If the registry no longer has the changes "
                    + "missed meanwhile, it prints the state again as '<revision> reset SERVICE: ...'.",
            "",
            "--once prints the current state and exits at once: 0, or 3 if the registry cannot be "
                    + "reached (it does not retry). A refusal, such as an invalid service name, exits 1 in "
                    + "either mode."})
final class WatchCommand extends ClientCommand {

    @Mixin
    NamespaceOption ns;

    @Parameters(index = "0", paramLabel = "SERVICE", description = "Service name.")
    String service;

    @Option(names = "--since", paramLabel = "REVISION",
            description = "Print only the changes after this revision (or the state, marked reset, if the "
                    + "registry no longer has them) instead of starting with the state.")
    Long since;

    @Option(names = "--once", description = "Print the current state and exit; exit code 3 if unreachable.")
    boolean once;

    private final ObjectMapper lineJson = JsonMapper.builder().build();
    private boolean stopOnSignals;

    /** Makes SIGINT and SIGTERM stop the watch (exit 0); only for the process's own command. */
    void stopOnSignals() {
        stopOnSignals = true;
    }

    @Override
    void run(CairnClient registry, PrintWriter out) {
        if (since != null && since < 0) {
            throw new IllegalArgumentException("--since must be a revision (0 or more), got " + since);
        }
        if (once && since != null) {
            throw new IllegalArgumentException("--once prints the current state; it does not take --since");
        }
        if (once) {
            ServiceInstances now = registry.instances(ns.namespace, service, List.of(), Map.of());
            state(new WatchState(now.namespace(), now.service(), now.revision(), false, now.instances()), out);
            return;
        }
        PrintWriter err = spec.commandLine().getErr();
        Watch watch = registry.watch(ns.namespace, service, since == null ? -1 : since,
                new Printer(out, err, registry));
        List<Runnable> restoreSignals = stopOnSignals ? interruptOnSignals(Thread.currentThread()) : List.of();
        try {
            // Only a refusal ends the watch by itself; everything else waits for the interrupt.
            watch.terminated().get();
        } catch (InterruptedException e) {
            // Ctrl-C, SIGTERM, or the embedding thread was stopped: the normal end of a watch.
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            watch.close();
            restoreSignals.forEach(Runnable::run);
            out.flush();
            err.flush();
        }
    }

    /**
     * Interrupts {@code target} on SIGINT or SIGTERM instead of exiting the JVM with 130 or 143.
     * Returns what puts the previous handlers back, so a second Ctrl-C during shutdown still kills.
     * {@code sun.misc.Signal} lives in jdk.unsupported, which JEP 260 keeps open for exactly this;
     * javac warns about it and the warning cannot be suppressed.
     */
    private static List<Runnable> interruptOnSignals(Thread target) {
        List<Runnable> restore = new ArrayList<>();
        for (String name : new String[] {"INT", "TERM"}) {
            Signal signal = new Signal(name);
            try {
                SignalHandler previous = Signal.handle(signal, s -> target.interrupt());
                restore.add(() -> Signal.handle(signal, previous));
            } catch (IllegalArgumentException e) {
                // The JVM reserves this signal (e.g. run with -Xrs): keep its default behaviour.
            }
        }
        return restore;
    }

    private void state(WatchState state, PrintWriter out) {
        if (!printedLine(state, out)) {
            out.println(state.revision() + (state.reset() ? " reset " : " state ") + service + ": "
                    + state.instances().size() + " instances");
            state.instances().forEach(i -> out.println("  " + describe(i)));
        }
        out.flush();
    }

    /** Prints {@code event} as one line of JSON when {@code --json} was given; returns whether it did. */
    private boolean printedLine(Object event, PrintWriter out) {
        if (!client.json) {
            return false;
        }
        try {
            out.println(lineJson.writeValueAsString(event));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot print the event as JSON", e);
        }
        return true;
    }

    static String describe(InstanceView i) {
        StringBuilder s = new StringBuilder(i.service()).append('/').append(i.id()).append(' ')
                .append(i.address().indexOf(':') >= 0 ? "[" + i.address() + "]" : i.address())
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

    /**
     * Prints the events. Runs on the client's watch thread, one call at a time, so {@code down}
     * needs no guard.
     */
    private final class Printer implements WatchListener {

        private final PrintWriter out;
        private final PrintWriter err;
        private final CairnClient registry;
        private boolean down;
        private long lastPrinted = -1;

        Printer(PrintWriter out, PrintWriter err, CairnClient registry) {
            this.out = out;
            this.err = err;
            this.registry = registry;
        }

        @Override
        public void onState(WatchState s) {
            lastPrinted = s.revision();
            state(s, out);
        }

        @Override
        public void onChange(WatchEvent event) {
            lastPrinted = event.revision();
            if (!printedLine(event, out)) {
                out.println(event.revision() + " " + event.kind() + " " + describe(event.instance()));
            }
            out.flush();
        }

        @Override
        public void onConnect() {
            if (down) {
                down = false;
                err.println("note: reconnected to " + registry.address()
                        + (lastPrinted < 0 ? "" : ", resuming after revision " + lastPrinted));
                err.flush();
            }
        }

        @Override
        public void onDisconnect(Throwable cause) {
            if (!down) {
                down = true;
                err.println("note: " + cause.getMessage() + "; retrying until it is back (Ctrl-C to stop)");
                err.flush();
            }
        }
    }
}
