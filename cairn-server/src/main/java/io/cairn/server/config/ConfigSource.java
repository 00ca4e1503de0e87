package io.cairn.server.config;

import static io.cairn.server.config.Settings.*;

import io.cairn.server.health.HealthSettings;
import io.cairn.server.config.HttpTimeouts;
import io.cairn.server.watch.WatchSettings;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * Builds a {@link ServerConfig} from three layers of {@code key=value} settings, each key a
 * {@link Setting}'s name: flags ({@code --http-port}), then the environment
 * ({@code CAIRN_HTTP_PORT}), then a properties file ({@code http-port=}). A flag beats the
 * environment, which beats the file, which beats the setting's default.
 */
public final class ConfigSource {

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
        for (Setting<?> s : ALL) {
            String v = env.get(s.envName());
            if (v != null && !v.isBlank()) {
                merged.put(s.name(), v.trim());
            }
        }
        for (Map.Entry<String, String> e : flags.entrySet()) {
            requireKnown(e.getKey());
            if (e.getValue() != null) {
                merged.put(e.getKey(), e.getValue());
            }
        }
        Values v = new Values(merged);
        WatchSettings w = WatchSettings.defaults();
        return new ServerConfig(v.get(DATA_DIR), v.get(BIND), v.get(HTTP_PORT), v.get(RAFT_PORT), v.get(PARTITIONS),
                v.get(NODE_ID), v.get(SNAPSHOT_EVERY), v.get(ELECTION_TIMEOUT), v.get(MAX_BODY_BYTES),
                v.get(HTTP_THREADS), v.get(WRITE_SLOTS),
                new WatchSettings(v.get(WATCH_HISTORY), w.defaultWait(), w.maxWait(), v.get(WATCH_KEEPALIVE),
                        v.get(WATCH_BUFFER_BYTES), w.maxServicesPerStream(), w.maxCoalesce()),
                new HealthSettings(v.get(HEALTH_SWEEP_INTERVAL), v.get(EXPIRY_PROTECTION_SHARE),
                        v.get(EXPIRY_PROTECTION_MIN_INSTANCES)),
                new HttpTimeouts(v.get(HTTP_IDLE_TIMEOUT), v.get(HTTP_REQUEST_TIMEOUT)),
                new ClusterSettings(v.get(ADVERTISE), v.get(JOIN), v.get(BOOTSTRAP_EXPECT), v.get(REPLICATION),
                        v.get(MEMBER_GRACE), v.get(DRAIN), v.get(REPLICATED_WRITE_SLOTS)),
                new DnsSettings(v.get(DNS_PORT), v.get(DNS_TTL), v.get(DNS_ONLY_PASSING), v.get(DNS_RATE_LIMIT),
                        v.get(DNS_RATE_BURST), v.get(DNS_MAX_TCP_PER_CLIENT), v.get(DNS_TCP_QUERY_TIMEOUT)),
                v.get(CONSUL_PORT),
                new AclSettings("on".equals(v.get(ACL)), v.get(INSECURE), v.get(ACL_INITIAL_TOKEN_FILE),
                        v.get(ACL_NODE_TOKEN_FILE), v.get(ACL_DNS_POLICY)),
                new TlsSettings(v.get(TLS_CERT), v.get(TLS_KEY), v.get(TLS_CA),
                        TlsSettings.REQUIRE.equals(v.get(TLS_CLIENT_AUTH))),
                new ClientLimits(v.get(MAX_HEADER_BYTES), v.get(MAX_CONNECTIONS_PER_CLIENT), v.get(MAX_WATCHES_PER_CLIENT),
                        v.get(RATE_LIMIT), v.get(RATE_BURST)),
                v.get(IO_TRANSPORT));
    }

    /** The merged text of each setting, read through its definition. */
    private record Values(Map<String, String> text) {
        <T> T get(Setting<T> setting) {
            String t = text.get(setting.name());
            return t == null ? setting.defaultOrNull() : setting.parse(t);
        }
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
        if (named(key) == null) {
            throw new IllegalArgumentException("unknown setting '" + key + "' (known: "
                    + ALL.stream().map(Setting::name).collect(Collectors.joining(", ")) + ")");
        }
    }
}
