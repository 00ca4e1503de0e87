package io.cairn.core.model;

import java.util.Locale;

/** An instance's health. Ordered from best to worst: the worst of its checks wins. */
public enum Health {
    PASSING,
    WARNING,
    CRITICAL;

    /** The name used on the wire: {@code passing}, {@code warning}, {@code critical}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The worse of the two. */
    public Health worst(Health other) {
        return other.ordinal() > ordinal() ? other : this;
    }
}
