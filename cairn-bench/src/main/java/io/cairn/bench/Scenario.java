package io.cairn.bench;

import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** The load generator's scenarios; their workloads are described in docs/benchmarks.md. */
public enum Scenario {
    /** Acknowledged (fsynced, applied) registrations rotating over many services. */
    REGISTER,
    /** Reads of one service's 20 instances, answered by its partition's leader (forwarded there in a cluster). */
    LOOKUP,
    /** The same reads with {@code ?stale}: any node holding a replica answers from it. */
    LOOKUP_STALE,
    /** The same service through the Consul-compatible API: {@code GET /v1/health/service/{s}?passing}. */
    CONSUL_HEALTH;

    /** The name on the command line and in the result rows, e.g. {@code lookup-stale}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Parses a {@link #label()} (any case; {@code _} for {@code -} accepted). */
    public static Scenario of(String label) {
        for (Scenario s : values()) {
            if (s.label().equalsIgnoreCase(label.trim().replace('_', '-'))) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown scenario '" + label + "' (known: register, lookup, lookup-stale, consul-health)");
    }

    /** Picocli's converter for {@link #of}. */
    public static final class Converter implements ITypeConverter<Scenario> {
        @Override
        public Scenario convert(String value) {
            try {
                return of(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
