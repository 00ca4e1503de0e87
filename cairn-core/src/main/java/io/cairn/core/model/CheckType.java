package io.cairn.core.model;

import java.util.Locale;

/** How a check probes its target. */
public enum CheckType {
    /** GET a URL: 2xx passing, 429 warning, anything else critical. */
    HTTP,
    /** Open a TCP connection: connected passing, else critical. */
    TCP;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
