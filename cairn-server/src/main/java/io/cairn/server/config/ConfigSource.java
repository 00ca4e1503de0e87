package io.cairn.server.config;

import io.cairn.server.health.HealthSettings;
import io.cairn.server.watch.WatchSettings;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * Builds a {@link ServerConfig} from three layers of {@code key=value} settings. Keys are the
 * flag names ({@code data-dir}, {@code http-port}, ...); in the environment they are upper case
 * with a {@code CAIRN_} prefix ({@code CAIRN_DATA_DIR}); in the file they are plain properties.
 * A flag beats the environment, which beats the file, which beats the default.
 */
public final class ConfigSource {

    /** Every key the server understands; anything else in a file is an error, not ignored. */
    public static final Set<String> KEYS = Set.of("data-dir", "bind", "http-port", "raft-port", "partitions",
            "node-id", "snapshot-every", "election-timeout", "max-body-bytes", "http-threads", "write-slots", "watch-history",
            "watch-buffer-bytes", "watch-keepalive", "health-sweep-interval", "expiry-protection-share", "expiry-protection-min-instances",
            "advertise", "join", "bootstrap-expect", "replication", "member-grace", "drain");

    private ConfigSource() {
    }

    /**
     * Resolves the configuration.
     *
     * @param flags settings given on the command line (only the ones the user set)
     * @param env the process environment
     * @param file an optional properties file, or null
     * @throws IllegalArgumentException naming the key when a value is malformed or unknown
     */
    public static ServerConfig resolve(Map<String, String> flags, Map<String, String> env, Path file) {
        Map<String, String> merged = new HashMap<>();
        if (file != null) {
            merged.putAll(readFile(file));
        }
        for (String key : KEYS) {
            String v = env.get("CAIRN_" + key.toUpperCase(Locale.ROOT).replace('-', '_'));
            if (v != null && !v.isBlank()) {
                merged.put(key, v.trim());
            }
        }
        for (Map.Entry<String, String> e : flags.entrySet()) {
            requireKnown(e.getKey());
            if (e.getValue() != null) {
                merged.put(e.getKey(), e.getValue());
            }
        }
        ServerConfig d = ServerConfig.defaults();
        return new ServerConfig(
                Path.of(merged.getOrDefault("data-dir", d.dataDir().toString())),
                merged.getOrDefault("bind", d.bind()),
                intValue(merged, "http-port", d.httpPort()),
                intValue(merged, "raft-port", d.raftPort()),
                merged.containsKey("partitions") ? intValue(merged, "partitions", 0) : null,
                merged.get("node-id"),
                intValue(merged, "snapshot-every", (int) d.snapshotEveryEntries()),
                duration(merged, "election-timeout", d.electionTimeoutMin()),
                intValue(merged, "max-body-bytes", d.maxBodyBytes()),
                intValue(merged, "http-threads", d.httpThreads()),
                intValue(merged, "write-slots", d.writeSlots()),
                watch(merged, d.watch()),
                health(merged, d.health()),
                cluster(merged, d.cluster()));
    }

    private static ClusterSettings cluster(Map<String, String> m, ClusterSettings d) {
        String join = m.get("join");
        List<String> addresses = new ArrayList<>();
        if (join != null) {
            for (String a : join.split(",")) {
                if (!a.isBlank()) {
                    addresses.add(a.trim());
                }
            }
        }
        String drain = m.getOrDefault("drain", Boolean.toString(d.drain()));
        if (!drain.equals("true") && !drain.equals("false")) {
            throw new IllegalArgumentException("drain must be true or false, got '" + drain + "'");
        }
        return new ClusterSettings(m.getOrDefault("advertise", d.advertise()), addresses,
                intValue(m, "bootstrap-expect", d.bootstrapExpect()), intValue(m, "replication", d.replication()),
                duration(m, "member-grace", d.memberGrace()), Boolean.parseBoolean(drain));
    }

    private static HealthSettings health(Map<String, String> m, HealthSettings d) {
        String share = m.get("expiry-protection-share");
        double shareValue = d.protectionShare();
        if (share != null) {
            try {
                shareValue = Double.parseDouble(share);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("expiry-protection-share must be a number such as 0.5, got '" + share + "'");
            }
        }
        return new HealthSettings(duration(m, "health-sweep-interval", d.sweepInterval()), shareValue,
                intValue(m, "expiry-protection-min-instances", d.protectionMinInstances()));
    }

    private static WatchSettings watch(Map<String, String> m, WatchSettings d) {
        int history = intValue(m, "watch-history", d.historyPerService());
        int buffer = intValue(m, "watch-buffer-bytes", d.streamBufferBytes());
        if (history < 1) {
            throw new IllegalArgumentException("watch-history must be at least 1");
        }
        if (buffer < 4096) {
            throw new IllegalArgumentException("watch-buffer-bytes must be at least 4096");
        }
        Duration keepalive = duration(m, "watch-keepalive", d.heartbeat());
        if (keepalive.compareTo(Duration.ofSeconds(1)) < 0 || keepalive.compareTo(Duration.ofMinutes(10)) > 0) {
            throw new IllegalArgumentException("watch-keepalive must be from 1s to 10m, got '" + m.get("watch-keepalive")
                    + "'");
        }
        return new WatchSettings(history, d.defaultWait(), d.maxWait(), keepalive, buffer,
                d.maxServicesPerStream(), d.maxCoalesce());
    }

    private static Map<String, String> readFile(Path file) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file)) {
            p.load(r);
        } catch (IOException e) {
            throw new IllegalArgumentException("config file " + file + ": " + e.getMessage(), e);
        }
        Map<String, String> out = new HashMap<>();
        for (String key : p.stringPropertyNames()) {
            requireKnown(key);
            out.put(key, p.getProperty(key).trim());
        }
        return out;
    }

    private static void requireKnown(String key) {
        if (!KEYS.contains(key)) {
            throw new IllegalArgumentException("unknown setting '" + key + "' (known: " + KEYS + ")");
        }
    }

    private static int intValue(Map<String, String> m, String key, int fallback) {
        String v = m.get(key);
        if (v == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a whole number, got '" + v + "'");
        }
    }

    /** Parses {@code 1500ms}, {@code 2s}, {@code 1m}, {@code 1h} or {@code 7d}. */
    public static Duration duration(Map<String, String> m, String key, Duration fallback) {
        String v = m.get(key);
        if (v == null) {
            return fallback;
        }
        return parseDuration(key, v);
    }

    public static Duration parseDuration(String key, String v) {
        try {
            if (v.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
            } else if (v.endsWith("s")) {
                return Duration.ofMillis(Math.round(Double.parseDouble(v.substring(0, v.length() - 1)) * 1000));
            } else if (v.endsWith("m")) {
                return Duration.ofMinutes(Long.parseLong(v.substring(0, v.length() - 1)));
            } else if (v.endsWith("h")) {
                return Duration.ofHours(Long.parseLong(v.substring(0, v.length() - 1)));
            } else if (v.endsWith("d")) {
                return Duration.ofDays(Long.parseLong(v.substring(0, v.length() - 1)));
            }
        } catch (NumberFormatException | ArithmeticException e) {
            // falls through to the error below
        }
        throw new IllegalArgumentException(key + " must be a duration such as 500ms, 2s or 1m, got '" + v + "'");
    }
}
