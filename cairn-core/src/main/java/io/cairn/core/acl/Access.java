package io.cairn.core.acl;

/** What a service rule lets a token do with the services it matches; {@link #WRITE} includes {@link #READ}. */
public enum Access {
    /** List, read and watch the matched services. */
    READ,
    /** Also register, deregister, heartbeat and change the health of their instances. */
    WRITE;

    /** True when this access includes {@code wanted}. */
    public boolean includes(Access wanted) {
        return this == WRITE || wanted == READ;
    }
}
