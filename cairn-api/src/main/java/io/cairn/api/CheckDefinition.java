package io.cairn.api;

/**
 * One active health check, as a registration defines it ({@code checks} of
 * {@link InstanceRequest}) and as reads show it.
 *
 * <p>An {@code http} check GETs {@code url} (or {@code path} on the instance's own address and
 * port): 2xx is passing, 429 warning, anything else, a refused connection or no answer within
 * {@code timeout} critical. A {@code tcp} check connects to {@code target} ({@code host:port},
 * default the instance's address and port): connected is passing, else critical. Reads show the
 * resolved {@code url} or {@code target} and both durations. A {@code ttl} check probes nothing:
 * the instance's owner reports its result ({@code PUT .../checks/{n}}) at least once per
 * {@code interval}, and it turns critical when no report comes within it; it has no target and
 * no timeout.
 *
 * @param type {@code http}, {@code tcp} or {@code ttl}
 * @param url for http: an absolute {@code http://} or {@code https://} URL
 * @param path for http, instead of {@code url}: a path on the instance's address and port
 * @param target for tcp: {@code host:port}
 * @param interval time between probes (default 10s, 1s to 1h)
 * @param timeout how long a probe may take (default the smaller of 2s and the interval,
 *     100ms up to the interval)
 */
public record CheckDefinition(String type, String url, String path, String target, String interval, String timeout) {

    public static CheckDefinition http(String url, String interval) {
        return new CheckDefinition("http", url, null, null, interval, null);
    }

    public static CheckDefinition tcp(String target, String interval) {
        return new CheckDefinition("tcp", null, null, target, interval, null);
    }
}
