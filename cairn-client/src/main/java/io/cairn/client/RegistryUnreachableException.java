package io.cairn.client;

/** No registry address could be reached (connection refused, timed out, closed). */
public class RegistryUnreachableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public RegistryUnreachableException(String message, Throwable cause) {
        super(message, cause);
    }
}
