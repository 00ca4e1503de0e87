package io.cairn.core.model;

/**
 * The documented limits on what an instance may carry (docs/api.md, "Limits"). Changing one is
 * a compatibility decision: a replica must never reject what another accepted, so these are
 * checked before a command is proposed, never while it is applied.
 */
public final class Limits {

    public static final int NAMESPACE_MAX = 64;
    public static final int SERVICE_MAX = 128;
    public static final int INSTANCE_ID_MAX = 128;
    public static final int HOSTNAME_MAX = 253;
    public static final int TAGS_MAX = 64;
    public static final int TAG_MAX = 128;
    public static final int META_ENTRIES_MAX = 64;
    public static final int META_KEY_MAX = 128;
    public static final int META_VALUE_MAX_BYTES = 1024;
    /** Sum of the UTF-8 lengths of all metadata keys and values of one instance. */
    public static final int META_TOTAL_MAX_BYTES = 8 * 1024;
    public static final int WEIGHT_MAX = 10_000;
    public static final int PORT_MAX = 65_535;

    /** An ephemeral instance's TTL: at least 1 s, at most 1 h, 10 s when not given. */
    public static final long TTL_MIN_MILLIS = 1_000;
    public static final long TTL_MAX_MILLIS = 3_600_000;
    public static final long TTL_DEFAULT_MILLIS = 10_000;
    /** {@code deregisterAfter}: at least 1 s, at most 7 days. */
    public static final long DEREGISTER_AFTER_MIN_MILLIS = 1_000;
    public static final long DEREGISTER_AFTER_MAX_MILLIS = 7L * 24 * 3_600_000;
    public static final int CHECKS_MAX = 8;
    /** A check's interval: at least 1 s, at most 1 h, 10 s when not given. */
    public static final long CHECK_INTERVAL_MIN_MILLIS = 1_000;
    public static final long CHECK_INTERVAL_MAX_MILLIS = 3_600_000;
    public static final long CHECK_INTERVAL_DEFAULT_MILLIS = 10_000;
    /** A check's timeout: at least 100 ms and at most its interval; the smaller of 2 s and the interval when not given. */
    public static final long CHECK_TIMEOUT_MIN_MILLIS = 100;
    public static final long CHECK_TIMEOUT_DEFAULT_MILLIS = 2_000;
    /** The length of a check's URL or TCP target. */
    public static final int CHECK_TARGET_MAX = 1024;

    private Limits() {
    }
}
