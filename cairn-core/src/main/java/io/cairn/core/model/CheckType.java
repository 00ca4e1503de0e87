package io.cairn.core.model;

import java.util.Locale;

/** How a check probes its target. */
public enum CheckType {
    /** GET a URL: 2xx passing, 429 warning, anything else critical. */
    HTTP,
    /** Open a TCP connection: connected passing, else critical. */
    TCP,
    /**
     * Probes nothing: the instance's owner reports the result (passing, warning or critical) at
     * least once per interval, and the check turns critical when no report comes within it
     * (Consul's TTL check). It has no target. Appended last: the codec writes the ordinal.
     */
    TTL;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
