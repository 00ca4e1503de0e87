package io.cairn.cli;

import io.cairn.server.CairnServer;
import io.cairn.server.acl.AclBootstrap;
import io.cairn.server.config.ConfigSource;
import io.cairn.server.config.ServerConfig;
import io.cairn.server.config.Setting;
import io.cairn.server.config.Settings;
import io.cairn.server.jvm.IdleHeap;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code cairn server}: runs a node in this JVM until SIGTERM or SIGINT, then closes it
 * gracefully (HTTP stops accepting, Raft groups close their logs).
 *
 * <p>Its setting flags are not declared here: {@link #addSettingOptions} generates them from
 * {@link Settings}, and every one is unset by default so that {@link ConfigSource} can tell a
 * flag the user gave from the environment ({@code CAIRN_*}) and the config file beneath it.
 */
@Command(name = "server", mixinStandardHelpOptions = true,
        description = "Run a Cairn node. Flags beat CAIRN_* environment variables, which beat --config.")
final class ServerCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(ServerCommand.class);

    @Spec
    CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE", description = "A properties file of settings (same names as the flags).")
    Path configFile;

    @Override
    public Integer call() throws IOException, InterruptedException {
        Map<String, String> flags = new HashMap<>();
        for (Setting<?> s : Settings.ALL) {
            OptionSpec option = spec.findOption(s.name());
            if (option != null && option.getValue() != null) {
                flags.put(s.name(), option.getValue());
            }
        }
        ServerConfig config = ConfigSource.resolve(flags, System.getenv(), configFile);

        CairnServer server = new CairnServer(config).start(Duration.ofSeconds(60));
        // The JVM's heap flags are the process's: set here, not by the node (docs/operations.md, "Memory").
        Optional<IdleHeap> idleHeap = IdleHeap.startOnThisJvm();
        CompletableFuture<Void> closed = new CompletableFuture<>();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            idleHeap.ifPresent(IdleHeap::close);
            try {
                if (config.cluster().drain() && !server.drained().isDone()) {
                    drain(server);
                }
                server.close();
            } catch (IOException e) {
                LOG.warn("event=shutdown-failed error={}", e.toString());
            } finally {
                closed.complete(null);
            }
        }, "cairn-shutdown"));
        spec.commandLine().getOut().printf("Cairn %s serving %s://%s:%d (node %s, data %s, dns %s)%n",
                CairnServer.VERSION, server.scheme(), config.bind(), server.httpPort(), server.nodeId(),
                config.dataDir().toAbsolutePath().normalize(),
                server.dnsPort() == null ? "off" : config.bind() + ":" + server.dnsPort());
        if (server.madeInitialToken() != null) {
            // Shown this once and never logged: the cluster keeps only its hash.
            spec.commandLine().getOut().printf("ACLs are on. Initial management token (shown once, keep it safe;"
                    + " rotate with cairn acl token rotate %s): %s%n", AclBootstrap.ACCESSOR, server.madeInitialToken());
        }
        spec.commandLine().getOut().flush();
        // Runs until SIGTERM/SIGINT, or until the node has left the cluster (`cairn leave`).
        CompletableFuture.anyOf(closed, server.drained()).join();
        if (server.drained().isDone() && !closed.isDone()) {
            spec.commandLine().getOut().println("Cairn node " + server.nodeId() + " left the cluster; stopping");
            spec.commandLine().getOut().flush();
            server.close();
        }
        return Main.OK;
    }

    /**
     * SIGTERM with {@code --drain}: leave the cluster and wait (at most {@link #DRAIN_LIMIT}) until
     * this node's replicas and leaderships are on other members, then stop.
     */
    private static void drain(CairnServer server) {
        LOG.info("event=drain-start node={}", server.nodeId());
        try {
            String refusal = server.leave().get(30, TimeUnit.SECONDS);
            if (refusal != null) {
                LOG.warn("event=drain-refused node={} reason=\"{}\"", server.nodeId(), refusal);
                return;
            }
            server.drained().get(DRAIN_LIMIT.toSeconds(), TimeUnit.SECONDS);
            LOG.info("event=drain-done node={}", server.nodeId());
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("event=drain-unfinished node={} error={}", server.nodeId(), e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** How long SIGTERM with --drain waits for the node's replicas to move. */
    static final Duration DRAIN_LIMIT = Duration.ofMinutes(2);

    /**
     * Adds one option per {@link Settings#ALL} entry to the command: the flags are generated from
     * the settings' definitions, so every setting is a flag, with the same name, default and
     * description as its environment variable and config key. Options are strings with no
     * picocli default: {@link ConfigSource} parses them, and an unset flag must stay unset so
     * the environment and file beneath it show through.
     */
    static void addSettingOptions(CommandSpec spec) {
        for (Setting<?> s : Settings.ALL) {
            // A boolean setting is a bare flag too: `--drain` means `--drain true`.
            boolean bool = s.label().equals("BOOLEAN");
            OptionSpec.Builder option = OptionSpec.builder("--" + s.name()).paramLabel(s.label()).type(String.class);
            if (bool) {
                option.arity("0..1").fallbackValue("true");
            }
            spec.addOption(option
                    .description(s.description() + " Default: " + s.defaultText()
                            + (s.rule().isEmpty() ? "" : "; " + s.rule()) + ". Environment: " + s.envName() + ".")
                    .build());
        }
    }
}
