package io.cairn.server.config;

import java.time.Duration;
import java.util.Objects;

/**
 * How long a connection may hold the server without progress (docs/configuration.md,
 * {@code http-idle-timeout} and {@code http-request-timeout}).
 *
 * @param idle a connection with no request in progress (an idle keep-alive, or a request whose
 *     headers have not all arrived) is closed after this
 * @param request a request whose body has not all arrived this long after its headers is
 *     answered 408 and its connection closed
 */
public record HttpTimeouts(Duration idle, Duration request) {

    public HttpTimeouts {
        Objects.requireNonNull(idle, "idle");
        Objects.requireNonNull(request, "request");
    }
}
