package io.cairn.server.http;

import io.vertx.core.transport.Transport;

/**
 * Which network I/O the node's Vert.x runs on (the {@code io-transport} setting): the JDK's NIO
 * selector, or Linux's io_uring, whose event loops hand the kernel all of one turn's socket
 * writes in one submission (a change written to a thousand watch streams is one call, not a
 * thousand {@code writev}s). io_uring is refused by older kernels and by container runtimes
 * whose seccomp profile blocks it; it is not the default because a stream's bytes stay queued in
 * the process until the loop's turn ends, so they count against {@code watch-buffer-bytes} a
 * little longer (docs/configuration.md).
 */
public final class IoTransport {

    private IoTransport() {
    }

    /**
     * The transport named by the setting.
     *
     * @throws IllegalStateException the transport is not available here (the cause says why): a
     *     node never runs silently on another one than configured
     */
    public static Transport choose(String setting) {
        switch (setting) {
            case "nio":
                return Transport.NIO;
            case "io_uring":
                if (!Transport.IO_URING.available()) {
                    throw new IllegalStateException("io-transport io_uring is not available on this system: "
                            + Transport.IO_URING.unavailabilityCause(), Transport.IO_URING.unavailabilityCause());
                }
                return Transport.IO_URING;
            default:
                throw new IllegalArgumentException("io-transport must be one of nio, io_uring");
        }
    }
}
