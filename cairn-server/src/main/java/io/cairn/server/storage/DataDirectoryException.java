package io.cairn.server.storage;

/** The data directory cannot be used as configured; the node must not start. */
public final class DataDirectoryException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public DataDirectoryException(String message) {
        super(message);
    }
}
