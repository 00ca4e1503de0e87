package io.cairn.core.command;

/**
 * Log or snapshot bytes that this version cannot read. Never expected in a healthy cluster: a
 * replica that meets it must stop, because skipping would let replicas diverge.
 */
public final class CorruptCommandException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public CorruptCommandException(String message) {
        super(message);
    }
}
