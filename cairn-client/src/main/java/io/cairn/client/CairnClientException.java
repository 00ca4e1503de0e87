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

    /**
     * Whether asking again later can succeed: the registry could not take the request now (5xx,
     * e.g. 503 while a partition elects its leader; 408, 425, 429). Any other 4xx is a refusal
     * that retrying cannot fix.
     */
    public boolean isRetryable() {
        return status >= 500 || status == 408 || status == 425 || status == 429;
    }
}
