package io.cairn.server.raft;

/**
 * A membership change that Ratis refused or did not finish in time. Expected while nodes fail
 * or a group has no leader; the controller tries again on its next round.
 */
public final class GroupAdminException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public GroupAdminException(String message) {
        super(message);
    }

    public GroupAdminException(String message, Throwable cause) {
        super(message, cause);
    }
}
