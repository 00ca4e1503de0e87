package io.cairn.core.watch;

/** What happened to one instance. The wire names are the lower-case constant names. */
public enum ChangeKind {
    /** The instance did not exist before. */
    REGISTERED,
    /** The instance existed and its content changed. */
    UPDATED,
    /** The instance was removed. */
    DEREGISTERED,
    /** Only the instance's health changed. */
    HEALTH;

    /** The name used on the wire, e.g. as the SSE event name. */
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
