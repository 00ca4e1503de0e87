package io.cairn.client;

import io.cairn.api.ApiError;

/**
 * The registry answered with an error. {@link #status()} is the HTTP status and {@link #error()}
 * the server's error body (code, message, field).
 */
public class CairnClientException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final transient ApiError error;

    public CairnClientException(int status, ApiError error) {
        super(status + " " + (error == null ? "" : error.error() + ": " + error.message()));
        this.status = status;
        this.error = error;
    }

    public int status() {
        return status;
    }

    public ApiError error() {
        return error;
    }
}
