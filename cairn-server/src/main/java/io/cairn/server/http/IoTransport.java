package io.cairn.server.http;

import io.vertx.core.transport.Transport;

/**
 * Which network I/O the node's Vert.x runs on (the {@code io-transport} setting): Linux's
 * io_uring, whose loops hand the kernel all of one turn's socket writes in one call (a change
 * written to a thousand watch streams is one submission, not a thousand {@code writev}s), epoll,
 * or the JDK's NIO selector. {@code auto} takes the first the kernel allows, in that order:
 * io_uring is refused by older kernels and by container runtimes whose seccomp profile blocks it.
 */
public final class IoTransport {

    private IoTransport() {
    }

    /**
     * The transport named by the setting.
     *
     * @throws IllegalStateException a transport asked for by name is not available here (the cause
     *     says why), so a node never runs silently on another one than configured
     */
    public static Transport choose(String setting) {
        switch (setting) {
            case "auto":
                if (Transport.IO_URING.available()) {
                    return Transport.IO_URING;
                }
                return Transport.EPOLL.available() ? Transport.EPOLL : Transport.NIO;
            case "io_uring":
                return require(Transport.IO_URING, setting);
            case "epoll":
                return require(Transport.EPOLL, setting);
            case "nio":
                return Transport.NIO;
            default:
                throw new IllegalArgumentException("io-transport must be one of auto, io_uring, epoll, nio");
        }
    }

    private static Transport require(Transport transport, String setting) {
        if (!transport.available()) {
            throw new IllegalStateException("io-transport " + setting + " is not available on this system: "
                    + transport.unavailabilityCause(), transport.unavailabilityCause());
        }
        return transport;
    }
}
