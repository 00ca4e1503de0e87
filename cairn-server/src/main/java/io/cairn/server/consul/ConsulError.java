package io.cairn.server.consul;

/**
 * An expected failure, answered as Consul answers it: a status and a plain-text message (Consul's
 * own wording where it has one, e.g. {@code Unknown service ID "x"}).
 */
final class ConsulError extends RuntimeException {

    private final int status;

    ConsulError(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    int status() {
        return status;
    }

    static ConsulError badRequest(String message) {
        return new ConsulError(400, message);
    }

    static ConsulError notFound(String message) {
        return new ConsulError(404, message);
    }
}
