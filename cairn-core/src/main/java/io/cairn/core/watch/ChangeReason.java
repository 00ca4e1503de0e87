package io.cairn.core.watch;

import java.util.Locale;

/**
 * Why a change happened; watchers see it so that, for example, an expiry can be told from a
 * clean shutdown. The tag is written in the log; the wire name is the lower-case tag name.
 */
public enum ChangeReason {
    /** A client asked (register, update, deregister). */
    REQUEST(0),
    /** An ephemeral instance's TTL ran out with no heartbeat. */
    EXPIRED(1),
    /** A health check's result changed the instance's health. */
    CHECK(2),
    /** The instance stayed critical longer than its {@code deregisterAfter}. */
    CRITICAL(3);

    private final int tag;

    ChangeReason(int tag) {
        this.tag = tag;
    }

    public int tag() {
        return tag;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The reason with this tag, or null when this version does not know it. */
    public static ChangeReason ofTag(int tag) {
        for (ChangeReason r : values()) {
            if (r.tag == tag) {
                return r;
            }
        }
        return null;
    }
}
