package io.cairn.bench;

/** The load generator's scenarios; their workloads are described in docs/benchmarks.md. */
public enum Scenario {
    /** Acknowledged (fsynced, applied) registrations rotating over many services. */
    REGISTER,
    /** Reads of one service's 20 instances. */
    LOOKUP;

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
