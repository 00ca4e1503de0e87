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

    private Limits() {
    }
}
