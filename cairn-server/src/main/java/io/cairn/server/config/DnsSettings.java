package io.cairn.server.config;

import java.time.Duration;
import java.util.Objects;

/**
 * The DNS interface (docs/consul.md, "DNS"): the slice of {@link ServerConfig} the {@code dns}
 * package reads.
 *
 * @param port the UDP and TCP port; 0 picks a free one (the same number for both), {@link #OFF}
 *     serves no DNS
 * @param ttl the TTL of every answer record and the SOA minimum (negative caching); whole seconds
 * @param onlyPassing answer only instances whose health is passing; by default instances with a
 *     warning are answered too and only critical ones are left out, as Consul's DNS does
 * @param queriesPerSecond the sustained query rate of one client address, UDP and TCP together;
 *     0 turns the limit off; over it a query is answered REFUSED (docs/security.md, "Limits")
 * @param queryBurst queries one client address may send at once above the sustained rate
 * @param tcpPerClient open DNS-over-TCP connections one client address may hold; one more is
 *     closed at once
 * @param tcpQueryTimeout how long a TCP message may take to arrive whole, counted from its first
 *     byte (from the connection's opening for the first one), not reset by each byte
 */
public record DnsSettings(int port, Duration ttl, boolean onlyPassing, int queriesPerSecond, int queryBurst,
        int tcpPerClient, Duration tcpQueryTimeout) {

    /** The port value that turns DNS off (the setting's text {@code off}). */
    public static final int OFF = -1;
    public static final int DEFAULT_PORT = 8600;
    public static final int DEFAULT_RATE = 20_000;
    public static final int DEFAULT_BURST = 40_000;
    public static final int DEFAULT_TCP_PER_CLIENT = 32;
    public static final Duration DEFAULT_TCP_QUERY_TIMEOUT = Duration.ofSeconds(5);

    public DnsSettings {
        Objects.requireNonNull(ttl, "ttl");
        Objects.requireNonNull(tcpQueryTimeout, "tcpQueryTimeout");
        Settings.DNS_PORT.check(port);
        Settings.DNS_TTL.check(ttl);
        Settings.DNS_RATE_LIMIT.check(queriesPerSecond);
        Settings.DNS_RATE_BURST.check(queryBurst);
        Settings.DNS_MAX_TCP_PER_CLIENT.check(tcpPerClient);
        Settings.DNS_TCP_QUERY_TIMEOUT.check(tcpQueryTimeout);
    }

    /** The given port, TTL and health rule, with the default client limits. */
    public DnsSettings(int port, Duration ttl, boolean onlyPassing) {
        this(port, ttl, onlyPassing, DEFAULT_RATE, DEFAULT_BURST, DEFAULT_TCP_PER_CLIENT, DEFAULT_TCP_QUERY_TIMEOUT);
    }

    /** No DNS: what a node built in code gets unless it asks (see {@link ServerConfig#defaults()}). */
    public static DnsSettings off() {
        return new DnsSettings(OFF, Duration.ZERO, false);
    }

    public boolean enabled() {
        return port != OFF;
    }

    public DnsSettings withPort(int value) {
        return new DnsSettings(value, ttl, onlyPassing, queriesPerSecond, queryBurst, tcpPerClient, tcpQueryTimeout);
    }

    public DnsSettings withTtl(Duration value) {
        return new DnsSettings(port, value, onlyPassing, queriesPerSecond, queryBurst, tcpPerClient, tcpQueryTimeout);
    }

    public DnsSettings withOnlyPassing(boolean value) {
        return new DnsSettings(port, ttl, value, queriesPerSecond, queryBurst, tcpPerClient, tcpQueryTimeout);
    }

    /** The per-client limits: {@code perSecond} 0 turns the rate limit off. */
    public DnsSettings withClientLimits(int perSecond, int burst, int tcpConnections, Duration queryTimeout) {
        return new DnsSettings(port, ttl, onlyPassing, perSecond, burst, tcpConnections, queryTimeout);
    }
}
