package io.cairn.client;

import java.io.IOException;

/**
 * An address answered, but not as a Cairn node does (a 404 page from another HTTP server, a body
 * that is not Cairn's JSON). Treated like an address that cannot be reached: the next address is
 * tried, and the caller gets {@link RegistryUnreachableException} saying what was found.
 */
final class ForeignAnswerException extends IOException {

    private static final long serialVersionUID = 1L;

    ForeignAnswerException(String message) {
        super(message, null);
    }
}
