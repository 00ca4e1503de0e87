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
 */
public record DnsSettings(int port, Duration ttl, boolean onlyPassing) {

    /** The port value that turns DNS off (the setting's text {@code off}). */
    public static final int OFF = -1;
    public static final int DEFAULT_PORT = 8600;

    public DnsSettings {
        Objects.requireNonNull(ttl, "ttl");
        Settings.DNS_PORT.check(port);
        Settings.DNS_TTL.check(ttl);
    }

    /** No DNS: what a node built in code gets unless it asks (see {@link ServerConfig#defaults()}). */
    public static DnsSettings off() {
        return new DnsSettings(OFF, Duration.ZERO, false);
    }

    public boolean enabled() {
        return port != OFF;
    }

    public DnsSettings withPort(int value) {
        return new DnsSettings(value, ttl, onlyPassing);
    }

    public DnsSettings withTtl(Duration value) {
        return new DnsSettings(port, value, onlyPassing);
    }

    public DnsSettings withOnlyPassing(boolean value) {
        return new DnsSettings(port, ttl, value);
    }
}
