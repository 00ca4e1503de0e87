package io.cairn.core.command;

import io.cairn.core.model.ServiceKey;

/**
 * A change to a partition's catalog, as written to its Raft log.
 *
 * <p>Java 17 has no pattern matching over sealed types in {@code switch}, so each command names
 * its {@link Kind} and dispatch is an exhaustive {@code switch} over that enum: adding a kind
 * without handling it everywhere fails compilation.
 */
public sealed interface Command permits Register, Deregister, SetHealth {

    /** The tag of each command type; its ordinal is never written, {@link #tag} is. */
    enum Kind {
        REGISTER(1),
        DEREGISTER(2),
        SET_HEALTH(3);

        private final int tag;

        Kind(int tag) {
            this.tag = tag;
        }

        public int tag() {
            return tag;
        }
    }

    Kind kind();

    /** The service this command changes: it decides the partition. */
    ServiceKey key();
}
