package io.cairn.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cairn.server.HttpAnswer;
import io.cairn.server.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/grafana/cairn.json is a valid dashboard whose queries name only metrics a real node
 * exports: a renamed meter fails here, not on an operator's empty panel.
 */
class GrafanaDashboardTest {

    private static final Path DASHBOARD = Path.of("..", "docs", "grafana", "cairn.json");
    /** PromQL's functions, aggregations and keywords: every other name in a query is a metric. */
    private static final Set<String> PROMQL = Set.of("sum", "max", "min", "avg", "count", "rate", "irate", "increase",
            "histogram_quantile", "by", "without", "on", "ignoring", "group_left", "group_right", "and", "or",
            "unless", "offset", "bool", "clamp_min", "clamp_max", "abs", "delta", "deriv", "topk", "bottomk",
            "time", "vector", "scalar");

    @TempDir
    static Path dir;

    private static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = new TestServer(dir, 2).start();
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    /**
     * The metric names in a Prometheus scrape (histogram series by their full names), once the
     * node has served a write and a read and the JVM has collected garbage once: some meters
     * (GC pause timers) appear only after their first event.
     */
    private static Set<String> exported() {
        server.register("graphed", "g1", Map.of("address", "10.0.0.1", "port", 80));
        assertThat(server.get("/v1/services/graphed").status()).isEqualTo(200);
        System.gc(); // the node runs in this JVM: its GC pause timer registers on this collection
        await().atMost(Duration.ofSeconds(10)).until(() -> server.get("/metrics").body().contains("jvm_gc_pause_seconds_sum"));
        HttpAnswer scrape = server.get("/metrics");
        assertThat(scrape.status()).isEqualTo(200);
        Set<String> names = new TreeSet<>();
        for (String line : scrape.body().split("\n")) {
            Matcher m = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)[{ ]").matcher(line);
            if (!line.startsWith("#") && m.find()) {
                names.add(m.group(1));
            }
        }
        return names;
    }

    /**
     * The metric names a PromQL expression reads: what is left once strings, label matchers,
     * ranges, grouping clauses, numbers and function names are taken out.
     */
    static Set<String> metricsIn(String expr) {
        String bare = expr.replaceAll("\"(\\\\.|[^\"\\\\])*\"", "\"\"")
                .replaceAll("\\{[^}]*\\}", " ")
                .replaceAll("\\[[^\\]]*\\]", " ")
                .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ");
        Set<String> out = new TreeSet<>();
        Matcher m = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*").matcher(bare);
        while (m.find()) {
            String word = m.group();
            if (!PROMQL.contains(word)) {
                out.add(word);
            }
        }
        return out;
    }

    private static void collect(JsonNode node, String field, List<String> into) {
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                if (e.getKey().equals(field) && e.getValue().isTextual()) {
                    into.add(e.getValue().asText());
                } else {
                    collect(e.getValue(), field, into);
                }
            }
        } else if (node.isArray()) {
            node.forEach(n -> collect(n, field, into));
        }
    }

    @Test
    void theDashboardIsJsonWhoseQueriesNameOnlyExportedMetrics() throws Exception {
        JsonNode dashboard = new ObjectMapper().readTree(Files.readString(DASHBOARD));
        assertThat(dashboard.path("title").asText()).isEqualTo("Cairn");
        assertThat(dashboard.path("panels").size()).isGreaterThan(10);
        List<String> queries = new ArrayList<>();
        collect(dashboard.path("panels"), "expr", queries);
        Set<String> used = new TreeSet<>();
        for (String q : queries) {
            used.addAll(metricsIn(q));
        }
        // Variables: label_values(METRIC, LABEL).
        List<String> definitions = new ArrayList<>();
        collect(dashboard.path("templating"), "definition", definitions);
        for (String d : definitions) {
            Matcher m = Pattern.compile("label_values\\(\\s*([a-zA-Z_:][a-zA-Z0-9_:]*)").matcher(d);
            assertThat(m.find()).as(d).isTrue();
            used.add(m.group(1));
        }
        assertThat(used).as("metrics the dashboard reads").contains("cairn_registrations_total", "cairn_lookups_total",
                "cairn_write_latency_seconds_bucket", "cairn_watchers", "cairn_heartbeats_total",
                "cairn_instances_expired_total", "cairn_raft_leader_changes_total", "cairn_raft_follower_lag_entries",
                "jvm_memory_used_bytes");
        assertThat(exported()).as("metrics a node exports").containsAll(used);
    }

    @Test
    void theQueryReaderFindsMetricsAndNothingElse() {
        assertThat(metricsIn("histogram_quantile(0.99, sum by (le) (rate(a_bucket{instance=~\"$x\",le=\"+Inf\"}[5m])))"))
                .containsExactly("a_bucket");
        assertThat(metricsIn("sum(b) / max without (job) (c_total)")).containsExactly("b", "c_total");
    }
}
