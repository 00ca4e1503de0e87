package io.cairn.server;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything a client can read of a node's catalog, taken through the HTTP API, for comparing
 * before and after (a rejected request, a restart).
 *
 * <p>Holds, by request path: the service list of each namespace asked for, every listed
 * service, and every extra service asked for (an emptied service is not listed but keeps its
 * revision) — each as {@code index + " " + body}. Per partition it holds revision, service and
 * instance counts, which move on any change anywhere; the Raft applied index is left out on
 * purpose, since a restart moves it without changing the catalog.
 *
 * @param reads the answers by path
 * @param partitions one line per partition: {@code number revision services instances}
 */
public record CatalogDump(Map<String, String> reads, List<String> partitions) {

    /**
     * Reads the catalog.
     *
     * @param namespaces the namespaces whose services to read
     * @param extraServices further service read paths, e.g. {@code /v1/services/gone?ns=a}
     */
    public static CatalogDump capture(TestServer server, Collection<String> namespaces,
            Collection<String> extraServices) {
        Map<String, String> reads = new TreeMap<>();
        for (String ns : namespaces) {
            String listPath = "/v1/services?ns=" + ns;
            HttpAnswer list = read(server, listPath, reads);
            for (JsonNode s : list.json().get("services")) {
                read(server, "/v1/services/" + s.get("name").asText() + "?ns=" + ns, reads);
            }
        }
        for (String path : extraServices) {
            read(server, path, reads);
        }
        List<String> partitions = new ArrayList<>();
        for (JsonNode p : read(server, "/v1/status", null).json().get("partitions")) {
            partitions.add(p.get("partition").asInt() + " " + p.get("revision").asLong() + " "
                    + p.get("services").asInt() + " " + p.get("instances").asInt());
        }
        return new CatalogDump(reads, partitions);
    }

    private static HttpAnswer read(TestServer server, String path, Map<String, String> into) {
        HttpAnswer a = server.get(path);
        if (a.status() != 200) {
            throw new AssertionError("GET " + path + " failed: " + a);
        }
        if (into != null) {
            into.put(path, a.index() + " " + a.body());
        }
        return a;
    }

    /** The number of instances over all partitions. */
    public long instanceCount() {
        long n = 0;
        for (String p : partitions) {
            n += Long.parseLong(p.split(" ")[3]);
        }
        return n;
    }

    /** The revision of each partition, by partition number. */
    public long revision(int partition) {
        return Long.parseLong(partitions.get(partition).split(" ")[1]);
    }
}
