package io.cairn.bench;

import java.net.http.HttpClient;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Which HTTP client the load generator's clients use ({@code --http-client}). */
public enum ClientKind {
    /** Vert.x, HTTP/1.1, a connection per client: the cheap client of the earlier figures. */
    VERTX,
    /** {@code java.net.http}, HTTP/1.1, pooled keep-alive connections: what most services use. */
    JDK_HTTP1,
    /**
     * {@code java.net.http}, HTTP/1.1, pooled keep-alive connections, each client a thread of its
     * own blocked in {@code send} for its answer: how {@code cairn-client} and most services call.
     */
    JDK_HTTP1_BLOCKING,
    /** {@code java.net.http}, HTTP/2 over cleartext (h2c upgrade): requests to a node share a connection. */
    JDK_HTTP2;

    /** The name on the command line and in the result rows, e.g. {@code jdk-http1}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * A transport of this kind.
     *
     * @param threads Vert.x event loops, or the asynchronous JDK client's completion threads (the
     *     blocking one runs on its clients' own threads)
     */
    public ClientTransport transport(int threads) {
        switch (this) {
            case VERTX:
                return new VertxTransport(threads);
            case JDK_HTTP1:
                return new JdkTransport(HttpClient.Version.HTTP_1_1, threads);
            case JDK_HTTP1_BLOCKING:
                return JdkTransport.blocking(HttpClient.Version.HTTP_1_1);
            case JDK_HTTP2:
                return new JdkTransport(HttpClient.Version.HTTP_2, threads);
            default:
                throw new AssertionError(this);
        }
    }

    /** Parses a {@link #label()} (any case; {@code _} for {@code -} accepted). */
    public static ClientKind of(String label) {
        for (ClientKind k : values()) {
            if (k.label().equalsIgnoreCase(label.trim().replace('_', '-'))) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown HTTP client '" + label + "' (known: vertx, jdk-http1, jdk-http1-blocking, jdk-http2)");
    }

    /** Picocli's converter for {@link #of}. */
    public static final class Converter implements ITypeConverter<ClientKind> {
        @Override
        public ClientKind convert(String value) {
            try {
                return of(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
